"""Settling a trade between councils: one action clears the buyer's payable
and the supplier's receivable together, linked, in both ledgers; twice (also
at once, from both sides) settles once; neither side can clear its half by
hand."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import errors as ledger_errors
from core.ledger import queries as ledger_queries
from core.ledger import services as ledger
from core.ledger.models import Account, JournalEntry
from core.money import Money
from core.payments.accounts import landing_account
from core.payments.manual import services as manual
from core.tenancy.context import set_tenant, tenant_context
from market.models.exchange import NetworkOrder, NetworkSettlement
from market.network import services, settlement
from market.stock.valuation import BOOK
from tests.market.network.test_network import grant_both, order_data, pair  # noqa: F401
from tests.race import race_all

TOTAL = 5 * 14000  # five bags at 140 baht


def balance(code: str, book: str = BOOK) -> int:
    account = db.session.scalar(sa.select(Account).where(Account.book == book, Account.code == code))
    return account.balance if account else 0


def give_cash(tenant_id: int, satang: int, method: str = "transfer") -> None:
    with tenant_context(tenant_id):
        capital = ledger.get_or_create_account("general", "3100", "ทุน", "Capital", "equity", may_go_negative=True)
        ledger.post(entry_date=ledger.today(), memo="opening", idempotency_key=f"opening:{method}:{satang}",
                    lines=[(landing_account(method), satang), (capital, -satang)])
    db.session.commit()


def books_balance(tenant_id: int) -> None:
    with tenant_context(tenant_id):
        for book in ledger_queries.books():
            assert ledger_queries.trial_balance(book).balanced, book
        assert ledger_queries.verify_balances() == []


@pytest.fixture
def trade(pair):  # noqa: F811
    """A purchase of five bags, shipped and received: the supplier holds a
    receivable of 700 baht, the buyer a payable; the buyer has 1,000 baht in
    the bank."""
    supplier, buyer, _outsider, offer = pair
    grant_both(supplier, buyer)
    set_tenant(buyer.tenant.id)
    purchase = services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    db.session.commit()
    with tenant_context(supplier.tenant.id):
        services.ship(services.get_order(purchase.peer_order_id), actor_id=None)
    db.session.commit()
    services.receive(services.get_order(purchase.id), actor_id=None)
    db.session.commit()
    give_cash(buyer.tenant.id, 100_000)
    return supplier, buyer, purchase.id, purchase.peer_order_id


def settlements(tenant_id: int) -> list[NetworkSettlement]:
    with tenant_context(tenant_id):
        return list(db.session.scalars(sa.select(NetworkSettlement).execution_options(populate_existing=True)))


def test_one_action_settles_both_ledgers_linked(trade):
    supplier, buyer, purchase_id, sale_id = trade
    set_tenant(buyer.tenant.id)
    mine = settlement.settle(services.get_order(purchase_id), {"method": "transfer", "reference": "TX-1"},
                             actor_id=None)
    db.session.commit()
    assert balance("2120") == 0 and balance("1110", "general") == 100_000 - TOTAL
    assert services.get_order(purchase_id).settled_at is not None
    books_balance(buyer.tenant.id)
    with tenant_context(supplier.tenant.id):
        assert balance("1340") == 0 and balance("1110", "general") == TOTAL
        sale = services.get_order(sale_id)
        db.session.refresh(sale)
        assert sale.settled_at is not None
    books_balance(supplier.tenant.id)
    [theirs] = settlements(supplier.tenant.id)
    [ours] = settlements(buyer.tenant.id)
    assert ours.id == mine.id and (ours.side, theirs.side) == ("purchase", "sale")
    assert (ours.peer_settlement_id, ours.peer_journal_entry_id) == (theirs.id, theirs.journal_entry_id)
    assert (theirs.peer_settlement_id, theirs.peer_journal_entry_id) == (ours.id, ours.journal_entry_id)
    with tenant_context(supplier.tenant.id):
        entry = db.session.get(JournalEntry, theirs.journal_entry_id)
        assert entry.tenant_id == supplier.tenant.id
    assert entry.source == f"market.network:{supplier.tenant.id}/{sale_id}:{buyer.tenant.id}/{purchase_id}"


def test_settling_twice_from_either_side_settles_once(trade):
    supplier, buyer, purchase_id, sale_id = trade
    set_tenant(supplier.tenant.id)
    settlement.settle(services.get_order(sale_id), {"method": "transfer", "reference": "TX-1"}, actor_id=None)
    db.session.commit()
    entries = db.session.scalar(sa.select(sa.func.count(JournalEntry.id)))
    with pytest.raises(settlement.AlreadySettled):
        settlement.settle(services.get_order(sale_id), {"method": "cash"}, actor_id=None)
    db.session.rollback()
    with tenant_context(buyer.tenant.id), pytest.raises(settlement.AlreadySettled):
        settlement.settle(services.get_order(purchase_id), {"method": "cash"}, actor_id=None)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(JournalEntry.id))) == entries
    assert len(settlements(supplier.tenant.id)) == 1 and len(settlements(buyer.tenant.id)) == 1
    with tenant_context(buyer.tenant.id):
        assert balance("1110", "general") == 100_000 - TOTAL


def test_a_buyer_short_of_money_settles_nothing_on_either_side(trade):
    supplier, buyer, purchase_id, sale_id = trade
    set_tenant(buyer.tenant.id)
    with pytest.raises(ledger_errors.InsufficientFunds):
        settlement.settle(services.get_order(purchase_id), {"method": "cash"}, actor_id=None)
    db.session.commit()  # even if the caller commits, the settlement left nothing behind
    assert services.get_order(purchase_id).settled_at is None and balance("2120") == TOTAL
    assert settlements(buyer.tenant.id) == [] and settlements(supplier.tenant.id) == []
    with tenant_context(supplier.tenant.id):
        sale = services.get_order(sale_id)
        db.session.refresh(sale)
        assert sale.settled_at is None and balance("1340") == TOTAL


def test_not_received_bad_method_and_missing_reference_are_refused(pair):  # noqa: F811
    supplier, buyer, _outsider, offer = pair
    grant_both(supplier, buyer)
    set_tenant(buyer.tenant.id)
    purchase = services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    db.session.commit()
    give_cash(buyer.tenant.id, 100_000)
    with pytest.raises(settlement.NotReceived):
        settlement.settle(purchase, {"method": "cash"}, actor_id=None)
    db.session.rollback()
    with pytest.raises(settlement.InvalidMethod):
        settlement.settle(purchase, {"method": "cheque"}, actor_id=None)
    with pytest.raises(settlement.ReferenceRequired):
        settlement.settle(purchase, {"method": "transfer", "reference": "  "}, actor_id=None)
    assert settlements(buyer.tenant.id) == [] and settlements(supplier.tenant.id) == []


def test_the_supplier_cannot_clear_its_receivable_by_hand(trade):
    supplier, buyer, purchase_id, sale_id = trade
    set_tenant(supplier.tenant.id)
    receivable = db.session.scalar(sa.select(Account).where(Account.book == BOOK, Account.code == "1340"))
    assert receivable.id not in {a.id for a in manual.credit_accounts()}
    with pytest.raises(manual.InvalidCreditAccount):
        manual.record_payment(method="cash", amount=Money(TOTAL), credit_account=receivable,
                              description="paid by the buyer", token="t" * 20, actor_id=None,
                              payer_name="buyer")
    db.session.rollback()
    cash = landing_account("cash")
    with pytest.raises(ledger_errors.ReservedAccount):
        ledger.post_manual(entry_date=ledger.today(), memo="cleared", lines=[(cash, TOTAL), (receivable, -TOTAL)],
                           actor_id=None, idempotency_key="by-hand")
    db.session.rollback()
    sale = services.get_order(sale_id)
    with pytest.raises(ledger_errors.ReservedAccount):
        ledger.reverse(sale.journal_entry_id, reason="undo", by_hand=True)
    db.session.rollback()
    assert balance("1340") == TOTAL


def test_the_pages_show_open_and_settled_and_the_balance_per_council(client, trade, make_member):
    supplier, buyer, purchase_id, sale_id = trade
    client.login(make_member(buyer.tenant, "admin"))
    base = f"/t/{buyer.tenant.slug}/market/network"
    html = client.get(base + "?lang=en").get_data(as_text=True)
    assert f'data-test="balance-{supplier.tenant.slug}"' in html and "we owe them ฿700.00" in html
    assert f'data-test="payment-{purchase_id}">Unpaid' in html
    r = client.post(f"{base}/orders/{purchase_id}/settle?lang=en", data={"method": "transfer"})
    assert r.status_code == 422 and "transaction number" in r.get_data(as_text=True)
    assert client.post(f"{base}/orders/{purchase_id}/settle",
                       data={"method": "transfer", "reference": "TX-9"}).status_code == 302
    html = client.get(base + "?lang=en").get_data(as_text=True)
    assert f'data-test="payment-{purchase_id}">Settled' in html and "nothing open" in html
    r = client.post(f"{base}/orders/{purchase_id}/settle", data={"method": "transfer", "reference": "TX-9"})
    assert r.status_code == 409 and "รายการซื้อขายนี้ชำระเงินแล้ว" in r.get_data(as_text=True)
    supplier_admin = make_member(supplier.tenant, "admin")
    client.login(supplier_admin)
    html = client.get(f"/t/{supplier.tenant.slug}/market/network/orders/{sale_id}").get_data(as_text=True)
    assert 'data-test="settled"' in html and 'data-test="settlement"' in html
    set_tenant(buyer.tenant.id)
    assert len(settlements(buyer.tenant.id)) == 1


@pytest.mark.postgres
def test_both_councils_settling_at_once_settle_once(app, postgres_only, trade, owner_rows):
    supplier, buyer, purchase_id, sale_id = trade
    jobs = [(supplier.tenant.id, sale_id), (buyer.tenant.id, purchase_id)] * 2

    def settle(order_id):
        order = services.get_order(order_id)
        settlement.settle(order, {"method": "transfer", "reference": "TX"}, actor_id=None)

    outcomes = race_all(app, [t for t, _ in jobs], [lambda o=o: settle(o) for _, o in jobs])
    assert outcomes == Counter({"ok": 1, "AlreadySettled": 3})
    rows = owner_rows(sa.select(NetworkSettlement.tenant_id, NetworkSettlement.side))
    assert sorted(rows) == sorted([(supplier.tenant.id, "sale"), (buyer.tenant.id, "purchase")])
    settled = owner_rows(sa.select(NetworkOrder.id).where(NetworkOrder.settled_at.is_not(None)))
    assert len(settled) == 2
    db.session.expire_all()
    with tenant_context(buyer.tenant.id):
        assert balance("2120") == 0 and balance("1110", "general") == 100_000 - TOTAL
    with tenant_context(supplier.tenant.id):
        assert balance("1340") == 0 and balance("1110", "general") == TOTAL
    books_balance(buyer.tenant.id)
    books_balance(supplier.tenant.id)


def test_the_api_settles_once_and_refuses_bad_input(client, trade, make_member):
    supplier, buyer, purchase_id, sale_id = trade
    client.login(make_member(supplier.tenant, "admin"))
    url = f"/api/v1/t/{supplier.tenant.slug}/market/network/orders/{sale_id}/settle"
    assert client.post(url, json={"method": "cheque"}).status_code == 422
    assert client.post(url, json={"method": "transfer"}).status_code == 422  # no transaction number
    ok = client.post(url, json={"method": "transfer", "reference": "TX-API"})
    assert ok.status_code == 200 and ok.get_json()["settled_at"]
    again = client.post(url, json={"method": "transfer", "reference": "TX-API"})
    assert again.status_code == 409
    assert len(settlements(supplier.tenant.id)) == 1 and len(settlements(buyer.tenant.id)) == 1
