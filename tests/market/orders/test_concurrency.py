"""Real concurrent clients on PostgreSQL: orders for the last units never
oversell, and one household's parallel orders never pass its limit."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from market.models.orders import Order, OrderQuota
from market.orders import services
from tests.market.orders.conftest import available
from tests.race import race


def test_last_units_are_never_oversold(app, shop, make_household, postgres_only):
    households = [make_household(shop.tenant).id for _ in range(8)]
    tenant_id, round_id, soap_id = shop.tenant.id, shop.round.id, shop.soap.id  # 20 in stock

    def work(i):
        services.place(household_id=households[i], round_id=round_id, items={soap_id: 3}, actor_id=None)

    outcomes = race(app, tenant_id, 8, work)
    assert outcomes["ok"] == 6, outcomes
    assert outcomes["NotEnoughStock"] == 2, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert available(shop, shop.soap) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 6


def test_one_household_racing_itself_stays_within_its_limit(app, shop, postgres_only):
    tenant_id, round_id, rice_id, household_id = shop.tenant.id, shop.round.id, shop.rice.id, shop.household.id

    def work(i):
        services.place(household_id=household_id, round_id=round_id, items={rice_id: 1}, actor_id=None)

    outcomes = race(app, tenant_id, 6, work)
    assert outcomes["ok"] == 3, outcomes  # the round's limit is 3
    assert outcomes["OverLimit"] == 3, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.scalar(sa.select(OrderQuota.ordered)) == 3
        assert available(shop, shop.rice) == 97


def test_parallel_cancels_give_stock_back_once(app, shop, postgres_only):
    with tenant_context(shop.tenant.id):
        order_id = services.place(household_id=shop.household.id, round_id=shop.round.id,
                                  items={shop.soap.id: 4}, actor_id=None).id
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        services.cancel(order_id, reason=f"race {i}", actor_id=None)

    outcomes = race(app, tenant_id, 4, work)
    assert outcomes["ok"] == 1, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert available(shop, shop.soap) == 20


def test_double_click_on_pay_with_coupons_redeems_once(app, shop, postgres_only):
    from market.models.coupons import Coupon

    coupon_id = shop.coupon().id  # 50 baht
    with tenant_context(shop.tenant.id):
        order_id = services.place(household_id=shop.household.id, round_id=shop.round.id,
                                  items={shop.oil.id: 1}, actor_id=None).id  # 40 baht
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        services.pay_with_coupons(order_id, actor_id=None)

    outcomes = race(app, tenant_id, 4, work)
    assert outcomes["ok"] == 1, outcomes
    assert outcomes["NothingDue"] == 3, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert services.get(order_id).coupon_paid == 4000
        assert db.session.get(Coupon, coupon_id).balance_satang == 1000


def test_two_orders_racing_for_one_coupon_never_overspend_it(app, shop, postgres_only):
    from market.models.coupons import Coupon

    coupon_id = shop.coupon().id  # 50 baht
    with tenant_context(shop.tenant.id):
        ids = [services.place(household_id=shop.household.id, round_id=shop.round.id,
                              items={shop.oil.id: 1}, actor_id=None).id for _ in range(3)]  # 40 baht each
        db.session.commit()
    tenant_id = shop.tenant.id

    def work(i):
        services.pay_with_coupons(ids[i], actor_id=None)

    outcomes = race(app, tenant_id, 3, work)
    assert outcomes["ok"] >= 1, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        paid = sum(services.get(i).coupon_paid for i in ids)
        balance = db.session.get(Coupon, coupon_id).balance_satang
        assert (paid, balance) == (5000, 0)  # 40 on one order, the last 10 on another, never more
