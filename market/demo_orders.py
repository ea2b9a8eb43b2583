"""Demo orders in Khok Sai: every household of the council collects one order
in the open demo round (paid with its coupons first, the rest in cash), so the
beneficiary report shows what the COVID-19 goods-centre report counted:
13 villages, 650 households, 999 people. A few second orders are left open
(placed, packed, ready) for delivery by the demo village volunteer.

Runs after the stock and coupon demo data (its key sorts last); does nothing
when there is no open round with goods on offer. Idempotent: households that
already have an order in the round are skipped."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from core import modules
from core.db import db
from core.errors import DomainError
from core.registry.models import Household
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "khok-sai"
OPEN_AT_THE_END = 12  # second orders left open for delivery, to show the volunteers' work


def _round():
    from market.models.rounds import Round, RoundOffer

    return db.session.scalar(
        sa.select(Round).where(Round.status == "open", sa.exists().where(RoundOffer.round_id == Round.id))
        .order_by(Round.starts_on, Round.id).limit(1)
    )


def _cheapest_offer(round_id: int):
    from market.orders import services

    offers = services.offers(round_id)
    if not offers:
        return None
    return min(offers.values(), key=lambda o: (o.price, o.item_id))


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        return _seed()


def _seed() -> str:
    from market.models.orders import Order
    from market.orders import services
    from market.stock import services as stock

    rnd = _round()
    if rnd is None:
        return ""
    offer = _cheapest_offer(rnd.id)
    if offer is None:
        return ""
    done = set(db.session.scalars(sa.select(Order.household_id).where(Order.round_id == rnd.id)))
    households = [h for h in db.session.scalars(sa.select(Household.id).order_by(Household.id)) if h not in done]
    limit = current_app.config.get("DEMO_ORDERS_LIMIT")  # the test suite loads a lighter demo
    if limit is not None:
        households = households[: max(0, limit - len(done))]
    if not households:
        return ""
    short = len(households) - stock.available(rnd.centre_id, offer.item_id)
    if short > 0:
        stock.receive(rnd.centre_id, offer.item_id, short, kind="purchase", ref="market.demo_orders",
                      unit_cost_satang=None, actor_id=None, party="ร้านค้าชุมชน (ตัวอย่าง)")
    created = 0
    for household_id in households:
        order = services.place(household_id=household_id, round_id=rnd.id, items={offer.item_id: 1},
                               actor_id=None, on_behalf=True)
        _pay(order)
        services.move(order.id, "packed", actor_id=None)
        services.move(order.id, "ready", actor_id=None)
        services.collect(order.id, actor_id=None)
        created += 1
    created += _deliveries(rnd)
    return f"market orders: {created} demo orders in round {rnd.name}"


def _deliveries(rnd) -> int:
    """A few second orders to be delivered by the demo volunteer, still open."""
    from core.auth.models import User
    from market.delivery import services as delivery
    from market.models.orders import Delivery
    from market.orders import services

    if db.session.scalar(sa.select(sa.func.count()).select_from(Delivery)):
        return 0
    offers = sorted(services.offers(rnd.id).values(), key=lambda o: (o.price, o.item_id))
    volunteer = db.session.scalar(sa.select(User.id).where(User.email == "volunteer@khoksai.demo"))
    made = []
    for n, household_id in enumerate(db.session.scalars(sa.select(Household.id).order_by(Household.id)
                                                        .limit(OPEN_AT_THE_END))):
        for offer in offers[1:] + offers[:1]:
            try:
                with db.session.begin_nested():
                    order = services.place(household_id=household_id, round_id=rnd.id, items={offer.item_id: 1},
                                           actor_id=None, on_behalf=True, fulfilment="delivery")
            except DomainError:
                continue
            for step in ("packed", "ready")[: n % 3]:
                services.move(order.id, step, actor_id=None)
            made.append(order.id)
            break
    if made and volunteer is not None and volunteer in {u.id for u in delivery.volunteers()}:
        ids = db.session.scalars(sa.select(Delivery.id).where(Delivery.order_id.in_(made[: len(made) // 2])))
        delivery.assign(list(ids), volunteer, actor_id=None)
    return len(made)


def _pay(order) -> None:
    from market.orders import services

    try:
        with db.session.begin_nested():
            services.pay_with_coupons(order.id, actor_id=None)
    except services.NoUsableCoupon:
        pass
    order = services.get(order.id)
    if order.due:
        services.record_cash(order.id, actor_id=None, token=f"demo-order-cash-{order.id:010d}")


modules.register_demo("market.zz_orders", seed)
