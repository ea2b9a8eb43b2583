"""Placing and paying an order in few statements on PostgreSQL: the round
trips of each hot path are counted (so they cannot silently grow), the rows
written are the rules' own, and every refusal is still the rules' typed
error with nothing written, also under races."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from core.audit.models import AuditEvent
from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.models.coupons import Coupon, Redemption
from market.models.orders import Order, OrderCoupon, OrderLine, OrderQuota
from market.orders import services
from market.stock.errors import NotEnoughStock
from tests.market.orders.conftest import available, place
from tests.race import race_all


@contextmanager
def statements():
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _counts(tenant_id: int) -> dict[str, int]:
    with tenant_context(tenant_id):
        db.session.expire_all()
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        return {
            "orders": count(Order), "lines": count(OrderLine), "links": count(OrderCoupon),
            "redemptions": count(Redemption),
            "quota": db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(OrderQuota.ordered), 0))),
            "audit": db.session.scalar(
                sa.select(sa.func.count()).where(AuditEvent.action.like("market.order.%"))
            ),
        }


def test_an_order_is_one_read_and_one_write(shop, postgres_only):
    household_id, round_id, rice_id, oil_id, staff_id = (
        shop.household.id, shop.round.id, shop.rice.id, shop.oil.id, shop.staff.id)
    with tenant_context(shop.tenant.id), statements() as seen:
        order = services.place(household_id=household_id, round_id=round_id, items={rice_id: 2, oil_id: 1},
                               actor_id=staff_id)
        db.session.commit()
    assert seen == ["SELECT", "SAVEPOINT", "WITH", "RELEASE", "SELECT"], seen
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        order = services.get(order.id)
        assert (order.status, order.total, order.slot_id, order.centre_id) == ("placed", 8000, None, shop.centre.id)
        assert [(x.item_id, x.quantity, x.unit_price, x.amount, x.item_name_th, x.unit) for x in order.lines] == [
            (shop.rice.id, 2, 2000, 4000, "ข้าวสาร", "kg"), (shop.oil.id, 1, 4000, 4000, "น้ำมันพืช", "bottle")]
        assert available(shop, shop.rice) == 98 and available(shop, shop.oil) == 49
        assert services.ordered_in_round(shop.household.id, shop.round.id) == {shop.rice.id: 2, shop.oil.id: 1}
        audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "market.order.place"))
        assert (audit.target_id, audit.actor_user_id) == (order.id, shop.staff.id)
        assert audit.after["lines"] == [[shop.rice.id, 2, 2000], [shop.oil.id, 1, 4000]]


def test_an_order_for_more_than_stock_is_refused_with_nothing_written(shop, postgres_only):
    before = _counts(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        with pytest.raises(NotEnoughStock):  # the second line fails after the first took
            place(shop, {shop.rice.id: 1, shop.soap.id: 21})
        db.session.commit()
        assert available(shop, shop.rice) == 100 and available(shop, shop.soap) == 20
    assert _counts(shop.tenant.id) == before


def test_an_order_over_the_limit_is_refused_as_before(shop, postgres_only):
    from market.orders.policies import OverLimit

    with tenant_context(shop.tenant.id):
        place(shop, {shop.rice.id: 2})
        db.session.commit()
        with pytest.raises(OverLimit):
            place(shop, {shop.rice.id: 2})
        db.session.rollback()
        assert services.ordered_in_round(shop.household.id, shop.round.id) == {shop.rice.id: 2}


def test_paying_with_coupons_is_one_read_and_one_write(shop, postgres_only):
    coupon = shop.coupon()  # 50 baht
    with tenant_context(shop.tenant.id):
        from market.coupons import ledger as coupon_ledger

        coupon_ledger.coupon_sales()  # opened by the organisation's first redemption, once
        order = place(shop, {shop.oil.id: 2})  # 80 baht
        db.session.commit()
        order_id = order.id
    staff_id = shop.staff.id
    with tenant_context(shop.tenant.id), statements() as seen:
        used = services.pay_with_coupons(order_id, actor_id=staff_id)
        db.session.commit()
    assert seen == ["SELECT", "SAVEPOINT", "WITH", "SELECT", "RELEASE"], seen
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        assert [(x.coupon_id, x.amount) for x in used] == [(coupon.id, 5000)]
        order = services.get(order_id)
        assert (order.coupon_paid, order.due) == (5000, 3000)
        spent = db.session.get(Coupon, coupon.id)
        assert (spent.balance_satang, spent.state) == (0, "used")
        redemption = db.session.scalar(sa.select(Redemption))
        assert redemption.idempotency_key == f"market.order:{order_id}:coupon:{coupon.id}:1:1"
        assert ledger_queries.verify_balances() == []
        trial = ledger_queries.trial_balance("market")
        assert trial.balanced and trial.debits == trial.credits > 0
        audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "market.order.pay_coupons"))
        assert audit.after == {"coupons": [[coupon.id, 5000]]}
        with pytest.raises(services.NoUsableCoupon):  # nothing left on it: refused as before
            services.pay_with_coupons(order_id, actor_id=shop.staff.id)


def test_one_coupon_paid_for_two_orders_at_once_pays_once(app, shop, postgres_only):
    coupon = shop.coupon()  # 50 baht, less than either order
    with tenant_context(shop.tenant.id):
        orders = [place(shop, {shop.oil.id: 2}).id, place(shop, {shop.oil.id: 2}).id]
        db.session.commit()
    works = [lambda o=o: services.pay_with_coupons(o, actor_id=None) for o in orders]
    outcomes = race_all(app, shop.tenant.id, works)
    assert outcomes["ok"] == 1 and sum(outcomes.values()) == 2, outcomes
    # the rules' own refusal: no usable coupon left, or (a moment later) the coupon found used
    assert outcomes["NoUsableCoupon"] + outcomes["AlreadyUsed"] == 1, outcomes
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        assert db.session.get(Coupon, coupon.id).balance_satang == 0
        assert sum(services.get(o).coupon_paid for o in orders) == 5000
        assert db.session.scalar(sa.select(sa.func.sum(Redemption.amount_satang))) == 5000
        assert ledger_queries.verify_balances() == []


def test_one_order_paid_twice_at_once_pays_once(app, shop, postgres_only):
    shop.coupon()
    shop.coupon(value_satang=5000)  # two coupons of 50 baht, an order of 20
    with tenant_context(shop.tenant.id):
        order_id = place(shop, {shop.rice.id: 1}).id
        db.session.commit()
    outcomes = race_all(app, shop.tenant.id, [lambda: services.pay_with_coupons(order_id, actor_id=None)] * 2)
    assert outcomes == {"ok": 1, "NothingDue": 1}, outcomes
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        assert services.get(order_id).coupon_paid == 2000
        assert db.session.scalar(sa.select(sa.func.sum(Redemption.amount_satang))) == 2000
        assert ledger_queries.verify_balances() == []
