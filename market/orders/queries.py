"""The read side of orders: lists, packing lists per slot, choices."""

from __future__ import annotations

from collections import OrderedDict

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household
from market.models.orders import Delivery, Order, OrderLine

PAGE = 50


def _rounds_model():
    from market.models import rounds

    return rounds


def orders_query(*, status: str | None = None, round_id: int | None = None) -> sa.Select:
    """Orders with their household's code, newest first."""
    stmt = (
        sa.select(Order, Household.code)
        .join(Household, sa.and_(Household.id == Order.household_id, Household.tenant_id == Order.tenant_id))
        .order_by(Order.id.desc())
    )
    if status:
        stmt = stmt.where(Order.status == status)
    if round_id:
        stmt = stmt.where(Order.round_id == round_id)
    return stmt


def orders(*, status: str | None = None, round_id: int | None = None, page: int = 1) -> tuple[list, bool]:
    stmt = orders_query(status=status, round_id=round_id)
    rows = db.session.execute(stmt.offset((page - 1) * PAGE).limit(PAGE + 1)).all()
    return list(rows[:PAGE]), len(rows) > PAGE


def household_orders(household_id: int) -> list[Order]:
    return list(db.session.scalars(sa.select(Order).where(Order.household_id == household_id)
                                   .order_by(Order.id.desc()).limit(100)))


def rounds() -> list:
    r = _rounds_model()
    return list(db.session.scalars(sa.select(r.Round).order_by(r.Round.starts_on.desc(), r.Round.id.desc()).limit(50)))


def open_rounds() -> list:
    r = _rounds_model()
    return list(db.session.scalars(sa.select(r.Round).where(r.Round.status == "open")
                                   .order_by(r.Round.starts_on, r.Round.id)))


def household_by_code(code: str) -> int | None:
    return db.session.scalar(sa.select(Household.id).where(Household.code == code))


def usable_coupons(order: Order) -> list:
    from market.coupons import services as coupons

    try:
        return coupons.usable_for(order.household_id, [line.item_id for line in order.lines])
    except Exception:  # noqa: BLE001 - a list on a page must not break the page
        return []


def packing(round_id: int) -> list[dict]:
    """Open orders of a round grouped by slot (orders without a slot last),
    each with its lines, and the totals per item to take from the shelves."""
    r = _rounds_model()
    rows = db.session.execute(
        sa.select(Order, Household.code, r.Slot)
        .join(Household, sa.and_(Household.id == Order.household_id, Household.tenant_id == Order.tenant_id))
        .outerjoin(r.Slot, sa.and_(r.Slot.id == Order.slot_id, r.Slot.tenant_id == Order.tenant_id))
        .where(Order.round_id == round_id, Order.status.in_(("placed", "packed", "ready")))
        .order_by(r.Slot.starts_at.nulls_last(), Order.id)
    ).all()
    groups: OrderedDict = OrderedDict()
    for order, code, slot in rows:
        group = groups.setdefault(slot.id if slot else None, {"slot": slot, "orders": [], "totals": {}})
        group["orders"].append((order, code))
        for line in order.lines:
            key = (line.item_name_th, line.unit)
            group["totals"][key] = group["totals"].get(key, 0) + line.quantity
    return list(groups.values())


def lines_of(order_ids: list[int]) -> list[OrderLine]:
    if not order_ids:
        return []
    return list(db.session.scalars(sa.select(OrderLine).where(OrderLine.order_id.in_(order_ids))))


def delivery_of(order_id: int) -> Delivery | None:
    """The order's delivery, if it is delivered (at most one)."""
    return db.session.scalar(sa.select(Delivery).where(Delivery.order_id == order_id))


def household(household_id: int | None) -> Household | None:
    return db.session.get(Household, household_id)


def centre(centre_id: int | None):
    from market.models.catalog import Centre

    return db.session.get(Centre, centre_id)
