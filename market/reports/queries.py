"""Beneficiary and sales figures, read-only.

A household is a beneficiary of a round when it received goods in it: an
order collected or delivered, or a booking marked collected at the centre.
Of a programme: when one of its coupons paid for goods. People are the
members of those households; villages are theirs."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm

from core.db import db
from core.i18n.formatting import local
from core.registry.models import Household, Person
from market.models.orders import Order, OrderLine

SERVED = ("collected", "delivered")


@dataclass(frozen=True)
class Reach:
    label: str
    villages: int
    households: int
    people: int


def _reach(label: str, household_ids: set[int]) -> Reach:
    if not household_ids:
        return Reach(label, 0, 0, 0)
    ids = sorted(household_ids)
    villages = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Household.village_id))).where(Household.id.in_(ids))) or 0
    people = db.session.scalar(
        sa.select(sa.func.count()).select_from(Person).where(Person.household_id.in_(ids))) or 0
    return Reach(label, villages, len(ids), people)


def _served_by_round() -> dict[int, set[int]]:
    from market.models.rounds import Booking

    served: dict[int, set[int]] = {}
    for round_id, household_id in db.session.execute(
        sa.select(Order.round_id, Order.household_id).where(Order.status.in_(SERVED)).distinct()
    ):
        served.setdefault(round_id, set()).add(household_id)
    for round_id, household_id in db.session.execute(
        sa.select(Booking.round_id, Booking.household_id).where(Booking.status == "collected").distinct()
    ):
        served.setdefault(round_id, set()).add(household_id)
    return served


def beneficiaries_by_round() -> tuple[list[Reach], Reach]:
    from market.models.rounds import Round

    served = _served_by_round()
    names = dict(db.session.execute(sa.select(Round.id, Round.name)).all())
    rows = [_reach(names.get(round_id, str(round_id)), ids) for round_id, ids in sorted(served.items())]
    everyone = set().union(*served.values()) if served else set()
    return rows, _reach("", everyone)


def beneficiaries_by_programme() -> list[Reach]:
    from market.models.coupons import Coupon, Programme, Redemption

    reversal = sa.orm.aliased(Redemption)
    served: dict[int, set[int]] = {}
    spent = (
        sa.select(Coupon.programme_id, Coupon.household_id)
        .join(Redemption, sa.and_(Redemption.coupon_id == Coupon.id, Redemption.tenant_id == Coupon.tenant_id))
        .where(Redemption.amount_satang > 0, Redemption.reversal_of_id.is_(None))
        .where(~sa.exists().where(reversal.reversal_of_id == Redemption.id))
        .distinct()
    )
    for programme_id, household_id in db.session.execute(spent):
        served.setdefault(programme_id, set()).add(household_id)
    names = dict(db.session.execute(sa.select(Programme.id, Programme.name)).all())
    return [_reach(names.get(pid, str(pid)), ids) for pid, ids in sorted(served.items())]


@dataclass(frozen=True)
class Sales:
    by_item: list[tuple[str, str, int, int]]  # name, unit, quantity, amount
    by_centre: list[tuple[str, int]]
    by_day: list[tuple[date, int]]
    total: int
    coupon: int
    money: int


def sales(date_from: date | None = None, date_to: date | None = None) -> Sales:
    """Goods handed over (collected or delivered), by item, centre and day."""
    from market.models.catalog import Centre

    when = sa.func.coalesce(Order.collected_at, Order.delivered_at)
    orders = db.session.execute(
        sa.select(Order.id, Order.centre_id, when, Order.total, Order.coupon_paid, Order.cash_paid)
        .where(Order.status.in_(SERVED))
    ).all()
    kept = {}
    for order_id, centre_id, at, total, coupon, money in orders:
        day = local(at).date() if at else None
        if day is None or (date_from and day < date_from) or (date_to and day > date_to):
            continue
        kept[order_id] = (centre_id, day, total, coupon, money)
    items: OrderedDict = OrderedDict()
    if kept:
        for name, unit, quantity, amount in db.session.execute(
            sa.select(OrderLine.item_name_th, OrderLine.unit, sa.func.sum(OrderLine.quantity),
                      sa.func.sum(OrderLine.amount))
            .where(OrderLine.order_id.in_(list(kept)))
            .group_by(OrderLine.item_name_th, OrderLine.unit)
            .order_by(sa.func.sum(OrderLine.amount).desc())
        ):
            items[(name, unit)] = (int(quantity), int(amount))
    centres = dict(db.session.execute(sa.select(Centre.id, Centre.name)).all())
    by_centre: dict[str, int] = {}
    by_day: dict[date, int] = {}
    for centre_id, day, total, _coupon, _money in kept.values():
        by_centre[centres.get(centre_id, str(centre_id))] = by_centre.get(centres.get(centre_id, str(centre_id)), 0) + total
        by_day[day] = by_day.get(day, 0) + total
    return Sales(
        by_item=[(name, unit, q, a) for (name, unit), (q, a) in items.items()],
        by_centre=sorted(by_centre.items()),
        by_day=sorted(by_day.items()),
        total=sum(v[2] for v in kept.values()),
        coupon=sum(v[3] for v in kept.values()),
        money=sum(v[4] for v in kept.values()),
    )
