"""Stripe payouts: fetched with the tenant's keys from a stub of Stripe's
HTTP client (JSON shaped like Stripe's list responses), tied to payments,
matched to their bank line and booked once; own-PromptPay payments that the
bank confirms."""

from __future__ import annotations

import itertools
import json
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
import stripe

from core.db import db
from core.errors import NotFound
from core.ledger.models import JournalEntry, JournalLine
from core.ledger.queries import verify_balances
from core.ledger.services import today
from core.payments import services
from core.payments.accounts import landing_account
from core.payments.models import Payment, PaymentEvent
from core.payments.payouts import services as payouts
from core.payments.payouts.models import StripeBalanceTransaction, StripePayout
from core.payments.reconciliation import matching as reconciliation
from core.payments.reconciliation.tasks import sync_stripe_payouts
from core.payments.statements import services as statements
from core.payments.statements.importer import ParsedLine, insert_lines
from core.payments.statements.models import ReconMatch, StatementLine
from core.payments.stripe import gateway as stripe_gateway
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.factories.payments import make_bank_account

FIXTURES = Path(__file__).parent / "fixtures"
SECRET_KEY = "sk_test_51StubPayoutsKeyAbcdefWXYZ"
PAYOUT, NET, FEES, GROSS = "po_1StubPayoutAbc", 144525, 5475, 150000
_keys = itertools.count(1)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


class StubStripe(stripe.HTTPClient):
    """Answers the payouts and balance-transactions lists; keeps what was asked."""

    name = "stub"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self.payouts = fixture("payout_list")
        self.transactions = fixture("balance_transactions")
        for payout in self.payouts["data"]:
            payout["arrival_date"] = int(time.time())  # arrives today

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        query = dict(parse_qsl(post_data or parts.query or ""))
        self.requests.append({"method": method.upper(), "path": parts.path, "query": query,
                              "headers": dict(headers or {})})
        if parts.path == "/v1/payouts":
            return json.dumps(self.payouts), 200, {"request-id": "req_stub"}
        if parts.path == "/v1/balance_transactions":
            return json.dumps(self.transactions), 200, {"request-id": "req_stub"}
        return json.dumps({"error": {"type": "invalid_request_error", "message": "unknown"}}), 404, {}

    def close(self):
        pass


@pytest.fixture
def stub(app):
    stub = StubStripe()
    previous = stripe_gateway.GATEWAY.http_client
    stripe_gateway.GATEWAY.http_client = stub
    yield stub
    stripe_gateway.GATEWAY.http_client = previous


def configure(tenant):
    with tenant_context(tenant.id):
        row = db.session.get(Tenant, tenant.id)
        row.settings = {**(row.settings or {}), "stripe": {"secret_key": SECRET_KEY}}
        db.session.commit()


@pytest.fixture
def bank(shop):
    return make_bank_account(shop, name="กรุงไทย", bank="KTB", number="0201-0000-1111")


@pytest.fixture
def line(shop, bank):
    numbers = itertools.count(1)

    def add(amount: int, days: int = 0, ref: str | None = None, description: str = "โอนเข้า", balance=None):
        with tenant_context(shop.id):
            parsed = ParsedLine(next(numbers), today() + timedelta(days=days), amount, description, ref, balance)
            insert_lines(bank.id, None, [parsed])
            db.session.commit()
            return db.session.scalar(sa.select(StatementLine.id).order_by(StatementLine.id.desc()).limit(1))

    return add


@pytest.fixture
def stripe_paid(make_payment, shop):
    """A card or PromptPay payment through Stripe that succeeded."""

    def pay(amount: str, provider_ref: str, tenant=None, method: str = "promptpay"):
        tenant = tenant or shop
        payment = make_payment(amount, method=method, key=f"s{next(_keys)}", tenant=tenant)
        with tenant_context(tenant.id):
            services.transition(payment.id, "succeeded", source="test", provider_ref=provider_ref)
            db.session.commit()
        return payment.id

    return pay


@pytest.fixture
def two_paid(shop, stripe_paid, stub):
    configure(shop)
    return stripe_paid("1000.00", "pi_1StubIntentA"), stripe_paid("500.00", "pi_1StubIntentB")


def sync(tenant) -> dict:
    with tenant_context(tenant.id):
        summary = payouts.sync(db.session.get(Tenant, tenant.id))
        db.session.commit()
        return summary


def run(shop, bank):
    with tenant_context(shop.id):
        outcome = reconciliation.reconcile_account(bank.id)
        db.session.commit()
        return outcome


def test_sync_stores_payouts_and_transactions_once(shop, two_paid, stub):
    first = sync(shop)
    assert first == {"payouts": 1, "transactions": 2, "linked": 2}
    again = sync(shop)
    assert again == {"payouts": 1, "transactions": 0, "linked": 0}  # a paid payout's transactions are final
    with tenant_context(shop.id):
        (payout,) = db.session.scalars(sa.select(StripePayout)).all()
        assert (payout.stripe_id, payout.amount, payout.fee_total, payout.status) == (PAYOUT, NET, FEES, "paid")
        assert payout.arrival_date in (today(), today() - timedelta(days=1))  # UTC vs Bangkok
        txns = db.session.scalars(sa.select(StripeBalanceTransaction).order_by(StripeBalanceTransaction.id)).all()
        assert [(t.type, t.amount, t.fee, t.net, t.source_id, t.payment_id) for t in txns] == [
            ("charge", 100000, 3650, 96350, "ch_1StubCharge0001", two_paid[0]),
            ("charge", 50000, 1825, 48175, "ch_1StubCharge0002", two_paid[1]),
        ]
    asked = [(r["path"], r["query"].get("payout")) for r in stub.requests]
    assert asked == [("/v1/payouts", None), ("/v1/balance_transactions", PAYOUT), ("/v1/payouts", None)]
    assert all(r["headers"]["Authorization"] == f"Bearer {SECRET_KEY}" for r in stub.requests)
    assert stub.requests[1]["query"]["expand[0]"] == "data.source"


def test_a_transaction_links_by_the_payment_id_in_its_metadata(shop, make_payment, stripe_paid, stub):
    configure(shop)
    card = stripe_paid("1000.00", "cs_test_StubSession", method="card")  # a Checkout Session id, not the intent
    other = make_payment("500.00", method="promptpay", key="never-paid")
    stub.transactions["data"][0]["source"]["metadata"] = {"payment_id": str(card), "tenant_id": str(shop.id)}
    stub.transactions["data"][1]["source"]["metadata"] = {"payment_id": str(other.id), "tenant_id": "999"}
    sync(shop)
    with tenant_context(shop.id):
        linked = dict(db.session.execute(sa.select(StripeBalanceTransaction.source_id,
                                                   StripeBalanceTransaction.payment_id)).all())
        assert linked == {"ch_1StubCharge0001": card, "ch_1StubCharge0002": None}  # another tenant's claim is not ours
        assert [p.id for p in payouts.payments_not_in_a_payout()] == []


def test_the_payout_bank_line_is_matched_and_booked_once(shop, bank, two_paid, line):
    sync(shop)
    transfer = line(NET, description="STRIPE TRANSFER")
    first = run(shop, bank)
    assert first.payouts == 1 and first.by_amount_date == 0
    assert run(shop, bank).payouts == 0
    with tenant_context(shop.id):
        payout = db.session.scalar(sa.select(StripePayout))
        assert payout.statement_line_id == transfer and payout.journal_entry_id is not None
        assert db.session.get(StatementLine, transfer).status == "matched"
        entries = db.session.scalars(sa.select(JournalEntry).where(JournalEntry.source.like("stripe_payout:%"))).all()
        assert [e.id for e in entries] == [payout.journal_entry_id]
        lines = {account: amount for account, amount in db.session.execute(
            sa.select(JournalLine.account_id, JournalLine.amount).where(JournalLine.entry_id == payout.journal_entry_id))}
        clearing, bank_ledger, fees = landing_account("card"), landing_account("transfer"), payouts.fees_account()
        assert lines == {bank_ledger.id: NET, fees.id: FEES, clearing.id: -GROSS}
        db.session.refresh(clearing)
        assert clearing.balance == 0  # every Stripe payment of the payout left the clearing account
        assert verify_balances() == []


def test_a_payout_line_is_found_by_its_id_outside_the_date_window(shop, bank, two_paid, line):
    sync(shop)
    line(NET, days=-20, description=f"TRF {PAYOUT}")
    decoy = line(NET, days=0, description="โอนเข้า")
    assert run(shop, bank).payouts == 1
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(StripePayout.statement_line_id)) != decoy


def test_two_lines_of_the_payout_amount_stay_for_staff(shop, bank, two_paid, line):
    sync(shop)
    line(NET, days=-1)
    line(NET, days=1)
    assert run(shop, bank).payouts == 0
    with tenant_context(shop.id):
        assert [p.stripe_id for p in payouts.unmatched_payouts()] == [PAYOUT]


def test_the_reconciliation_statement_balances_with_a_payout(shop, bank, two_paid, line, make_payment):
    sync(shop)
    transfer = make_payment("300.00", method="transfer", key="t1", ref1="INV9")
    with tenant_context(shop.id):
        services.transition(transfer.id, "succeeded", source="test")
        db.session.commit()
    line(30000, ref="INV9")
    line(NET, description="STRIPE PAYOUT", balance=30000 + NET)
    run(shop, bank)
    with tenant_context(shop.id):
        report = statements.recon_statement(statements.get_bank_account(bank.id), today())
        assert verify_balances() == []
    # ledger: 300 by transfer + the payout's net; nothing in transit, nothing only on the bank side
    assert report["ledger_balance"] == 30000 + NET and report["bank_closing"] == 30000 + NET
    assert (report["ledger_only_total"], report["bank_only_total"], report["in_transit"]) == (0, 0, [])
    assert report["balances"]


# --- own PromptPay, confirmed by the bank -----------------------------------------


@pytest.fixture
def waiting(make_payment, shop):
    def make(amount: str, ref1: str, method: str = "promptpay"):
        payment = make_payment(amount, method=method, key=f"w{next(_keys)}", ref1=ref1, provider="manual")
        with tenant_context(shop.id):
            services.transition(payment.id, "pending", source="test")
            db.session.commit()
        return payment.id

    return make


def test_the_bank_line_confirms_a_waiting_promptpay_payment(shop, bank, waiting, line):
    payment_id = waiting("250.00", "QR00042")
    line_id = line(25000, ref="QR00042")
    assert run(shop, bank).confirmed == 1
    assert run(shop, bank).confirmed == 0
    with tenant_context(shop.id):
        payment = db.session.get(Payment, payment_id)
        assert payment.status == "succeeded" and payment.journal_entry_id is not None
        assert payment.debit_account_id == bank.ledger_account_id  # the money landed in this bank account
        events = db.session.scalars(sa.select(PaymentEvent.source).where(PaymentEvent.payment_id == payment_id,
                                                                         PaymentEvent.to_status == "succeeded")).all()
        assert events == [f"bank:{line_id}"]
        match = db.session.scalar(sa.select(ReconMatch).where(ReconMatch.payment_id == payment_id))
        assert (match.statement_line_id, match.kind, match.difference) == (line_id, "ref1", 0)
        assert db.session.get(StatementLine, line_id).status == "matched"
        assert verify_balances() == []
        report = statements.recon_statement(statements.get_bank_account(bank.id), today())
        assert report["balances"] and report["in_transit"] == []


def test_a_bank_confirmed_payment_is_audited_once_naming_the_line(shop, bank, waiting, line):
    from core.audit.models import AuditEvent

    payment_id = waiting("250.00", "QR00044")
    line_id = line(25000, ref="QR00044")
    run(shop, bank)
    run(shop, bank)
    with tenant_context(shop.id):
        [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "payments.confirmed_by_bank"))
        assert (event.actor_user_id, event.target_type, event.target_id) == (None, "payment", payment_id)
        assert event.before == {"status": "pending"}
        assert event.after["by"] == "bank_statement" and event.after["statement_line_id"] == line_id
        assert (event.after["amount"], event.after["ref1"], event.after["status"]) == (25000, "QR00044", "succeeded")


def test_another_amount_does_not_confirm_and_is_shown_to_staff(shop, bank, waiting, line):
    payment_id = waiting("250.00", "QR00043", method="transfer")
    line_id = line(24000, ref="QR00043")
    outcome = run(shop, bank)
    assert (outcome.confirmed, outcome.by_ref1) == (0, 0)
    with tenant_context(shop.id):
        payment = db.session.get(Payment, payment_id)
        assert payment.status == "pending" and payment.journal_entry_id is None
        assert db.session.get(StatementLine, line_id).status == "unmatched"
        found = reconciliation.waiting_mismatches(statements.get_bank_account(bank.id))
        assert [(ln.id, p.id) for ln, p in found] == [(line_id, payment_id)]


def test_a_stripe_promptpay_payment_is_never_confirmed_by_a_bank_line(shop, bank, make_payment, line):
    payment = make_payment("250.00", method="promptpay", key="via-stripe", ref1="QR00044")
    with tenant_context(shop.id):
        services.transition(payment.id, "pending", source="test")
        db.session.commit()
    line(25000, ref="QR00044")
    assert run(shop, bank).confirmed == 0
    with tenant_context(shop.id):
        assert db.session.get(Payment, payment.id).status == "pending"


# --- tasks, pages, tenancy -----------------------------------------------------------


def test_the_sync_task_and_its_nightly_schedule(app, shop, two_paid):
    from core.celery_app import beat_schedule

    assert sync_stripe_payouts.delay(shop.id).get()["payouts"] == 1
    schedule = beat_schedule()
    nightly = schedule["payments.stripe_payouts.nightly"]
    assert nightly["task"] == "core.payments.sync_stripe_payouts_all"
    sync_at = (min(nightly["schedule"].hour), min(nightly["schedule"].minute))
    recon = schedule["payments.reconcile.nightly"]["schedule"]
    assert sync_at < (min(recon.hour), min(recon.minute))  # payouts are there before reconciliation


def test_the_payout_pages_and_the_sync_button(client, shop, bank, two_paid, stripe_paid, line, make_member):
    unpaid_out = stripe_paid("70.00", "pi_1StubNotYetPaidOut")
    client.login(make_member(shop, "staff"))
    assert client.get("/t/shop/payments/bank/payouts/").status_code == 403
    assert client.post("/t/shop/payments/bank/payouts/sync").status_code == 403
    client.login(make_member(shop, "fund_manager"))
    assert client.post("/t/shop/payments/bank/payouts/sync", data={"back_to_account": bank.id}).status_code == 302
    page = client.get("/t/shop/payments/bank/payouts/").get_data(as_text=True)
    assert PAYOUT in page and f'data-payment="{unpaid_out}"' in page
    exceptions = client.get(f"/t/shop/payments/bank/{bank.id}/exceptions").get_data(as_text=True)
    assert 'data-test="unmatched-payouts"' in exceptions and PAYOUT in exceptions
    assert f'data-payment="{unpaid_out}"' in exceptions
    with tenant_context(shop.id):
        payout_id = db.session.scalar(sa.select(StripePayout.id))
    detail = client.get(f"/t/shop/payments/bank/payouts/{payout_id}").get_data(as_text=True)
    assert f'data-payment="{two_paid[0]}"' in detail and f'data-payment="{two_paid[1]}"' in detail
    line(NET, description="STRIPE")
    assert client.post(f"/t/shop/payments/bank/{bank.id}/reconcile").status_code == 302
    exceptions = client.get(f"/t/shop/payments/bank/{bank.id}/exceptions").get_data(as_text=True)
    assert PAYOUT not in exceptions


def test_another_tenants_payouts_never_appear(client, shop, make_tenant, two_paid, make_member):
    sync(shop)
    other = make_tenant(slug="other")
    with tenant_context(shop.id):
        payout_id = db.session.scalar(sa.select(StripePayout.id))
    with tenant_context(other.id):
        assert payouts.payouts() == [] and payouts.unmatched_payouts() == []
        with pytest.raises(NotFound):
            payouts.get_payout(payout_id)
        assert db.session.scalars(sa.select(StripeBalanceTransaction)).all() == []
    client.login(make_member(other, "fund_manager"))
    assert PAYOUT not in client.get("/t/other/payments/bank/payouts/").get_data(as_text=True)
    assert client.get(f"/t/other/payments/bank/payouts/{payout_id}").status_code == 404


def test_the_sync_button_without_stripe_set_up_changes_nothing(client, shop, make_member):
    client.login(make_member(shop, "fund_manager"))
    assert client.post("/t/shop/payments/bank/payouts/sync").status_code == 302
    assert sync_stripe_payouts.delay(shop.id).get()["not_configured"] is True
    with tenant_context(shop.id):
        assert payouts.payouts() == []
