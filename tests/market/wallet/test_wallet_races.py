"""Real concurrent clients on PostgreSQL: the household wallet is never spent
twice — not by parallel spends of store credit, not by a double click on
"pay from the wallet", not by two orders of one household paying at once."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.models.wallet import StoreCreditEntry
from market.orders import services, wallet_payment
from market.wallet import instruments, store_credit
from tests.market.orders.conftest import place
from tests.race import race_results


def test_parallel_store_credit_spends_never_pass_the_balance(app, shop, fill, postgres_only):
    fill.store(5000)
    tenant_id, h = shop.tenant.id, shop.household.id

    def work(i):
        store_credit.spend(h, 1000, idempotency_key=f"race-{i}", service_point_id=None,
                           operator_id=None, ref=f"desk {i}")

    outcome, _ = race_results(app, tenant_id, 8, work)
    assert outcome == {"ok": 5, "NotEnoughStoreCredit": 3}, outcome
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert store_credit.balance(h) == 0
        spent = db.session.scalar(sa.select(sa.func.sum(StoreCreditEntry.amount_satang))
                                  .where(StoreCreditEntry.kind == "spend"))
        assert spent == -5000
        assert ledger_queries.verify_balances() == []


def test_one_key_sent_from_several_clients_credits_once(app, shop, postgres_only):
    tenant_id, h = shop.tenant.id, shop.household.id

    def work(i):
        store_credit.credit(h, 2500, source="overpayment", idempotency_key="payment:77:overpaid",
                            ref="payment 77")

    outcome, _ = race_results(app, tenant_id, 6, work)
    assert outcome == {"ok": 6}, outcome  # every client gets the one entry back
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert store_credit.balance(h) == 2500
        assert len(store_credit.entries(h)) == 1


def test_double_click_on_pay_from_wallet_pays_once(app, shop, fill, postgres_only):
    shop.coupon()  # 50 baht
    fill.store(2000)
    fill.waste(5000)
    with tenant_context(shop.tenant.id):
        order_id = place(shop, {shop.oil.id: 1, shop.rice.id: 2}).id  # 80 baht
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        wallet_payment.pay_from_wallet(order_id, actor_id=None)

    outcome, _ = race_results(app, tenant_id, 4, work)
    assert outcome == {"ok": 1, "NothingDue": 3}, outcome
    with tenant_context(tenant_id):
        db.session.expire_all()
        order = services.get(order_id)
        assert (order.coupon_paid, order.credit_paid, order.due) == (5000, 3000, 0)
        now = instruments.balances(shop.household.id)
        assert (now.coupons, now.store_credit, now.waste_credit) == (0, 0, 4000)
        assert ledger_queries.verify_balances() == []


def test_orders_of_one_household_paying_at_once_never_spend_more_than_the_wallet(
    app, shop, fill, postgres_only
):
    fill.store(3000)
    fill.waste(2000)
    with tenant_context(shop.tenant.id):
        ids = [place(shop, {shop.oil.id: 1}).id for _ in range(4)]  # 40 baht each, 160 in all
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        wallet_payment.pay_from_wallet(ids[i], actor_id=None)

    outcome, _ = race_results(app, tenant_id, 4, work)
    assert outcome["ok"] >= 2 and set(outcome) <= {"ok", "NothingInWallet"}, outcome
    with tenant_context(tenant_id):
        db.session.expire_all()
        paid = sum(services.get(i).credit_paid for i in ids)
        now = instruments.balances(shop.household.id)
        assert paid == 5000 and (now.store_credit, now.waste_credit) == (0, 0)
        assert sum(link.amount for i in ids for link in wallet_payment.payments_of(i)) == 5000
        assert ledger_queries.verify_balances() == []


def test_a_cancel_racing_a_wallet_payment_leaves_the_wallet_whole(app, shop, fill, postgres_only):
    fill.store(4000)
    with tenant_context(shop.tenant.id):
        order_id = place(shop, {shop.oil.id: 1}).id
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        if i == 0:
            wallet_payment.pay_from_wallet(order_id, actor_id=None)
        else:
            services.cancel(order_id, reason="race", actor_id=None)

    race_results(app, tenant_id, 2, work)
    with tenant_context(tenant_id):
        db.session.expire_all()
        order = services.get(order_id)
        assert order.status == "cancelled" and order.credit_paid == 0
        assert store_credit.balance(shop.household.id) == 4000
        assert ledger_queries.verify_balances() == []
