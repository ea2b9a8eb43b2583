"""Stock and donation reports: valuation, movements by kind and item over a
period, donations; each also as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from core import csv_export
from core.csv_export import Satang
from core.db import db
from core.i18n.formatting import BANGKOK
from market.models.catalog import Centre, Item
from market.models.donations import GoodsDonation
from market.models.stock import StockMovement
from market.stock import queries


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return (
            datetime.combine(self.start, time.min, BANGKOK),
            datetime.combine(self.end + timedelta(days=1), time.min, BANGKOK),
        )


def period(start: str | None, end: str | None, today: date) -> Period:
    def parse(value, default):
        try:
            return date.fromisoformat(value) if value else default
        except ValueError:
            return default

    first = parse(start, today.replace(day=1))
    last = parse(end, today)
    if last < first:
        first, last = last, first
    if (last - first).days > 3660:
        first = last - timedelta(days=3660)
    return Period(first, last)


def movement_summary(p: Period, centre_id: int | None = None) -> list[tuple]:
    """(item, kind, quantity, value) over the period."""
    lo, hi = p.bounds
    stmt = (
        sa.select(
            Item,
            StockMovement.kind,
            sa.func.sum(StockMovement.quantity),
            sa.func.sum(StockMovement.value_satang),
        )
        .join(
            Item,
            sa.and_(Item.id == StockMovement.item_id, Item.tenant_id == StockMovement.tenant_id),
        )
        .where(StockMovement.created_at >= lo, StockMovement.created_at < hi)
        .group_by(Item.id, StockMovement.kind)
        .order_by(Item.name_th, StockMovement.kind)
    )
    if centre_id:
        stmt = stmt.where(StockMovement.centre_id == centre_id)
    return [(item, kind, int(q), int(v)) for item, kind, q, v in db.session.execute(stmt)]


def movements_in(p: Period) -> list[tuple]:
    lo, hi = p.bounds
    return db.session.execute(
        sa.select(StockMovement, Item.name_th, Centre.name)
        .join(
            Item,
            sa.and_(Item.id == StockMovement.item_id, Item.tenant_id == StockMovement.tenant_id),
        )
        .join(
            Centre,
            sa.and_(
                Centre.id == StockMovement.centre_id, Centre.tenant_id == StockMovement.tenant_id
            ),
        )
        .where(StockMovement.created_at >= lo, StockMovement.created_at < hi)
        .order_by(StockMovement.id)
    ).all()


def donations_in(p: Period) -> list[GoodsDonation]:
    lo, hi = p.bounds
    return list(
        db.session.scalars(
            sa.select(GoodsDonation)
            .where(GoodsDonation.created_at >= lo, GoodsDonation.created_at < hi)
            .order_by(GoodsDonation.id)
        )
    )


def valuation_csv():
    return csv_export.response(
        "stock-valuation",
        ["centre", "item", "unit", "on_hand", "reserved", "unit_cost_baht", "value_baht"],
        (
            [
                r.centre.name,
                r.item.name_th,
                r.item.unit,
                r.on_hand,
                r.reserved,
                Satang(r.item.cost_satang),
                Satang(r.value),
            ]
            for r in queries.valuation()
        ),
    )


def movements_csv(p: Period):
    return csv_export.response(
        f"stock-movements-{p.start}-{p.end}",
        [
            "id",
            "created_at",
            "centre",
            "item",
            "kind",
            "quantity",
            "value_baht",
            "ref",
            "party",
            "reason",
        ],
        (
            [
                m.id,
                m.created_at.astimezone(BANGKOK).isoformat(timespec="minutes"),
                centre,
                item,
                m.kind,
                m.quantity,
                Satang(m.value_satang),
                m.ref,
                m.party,
                m.reason,
            ]
            for m, item, centre in movements_in(p)
        ),
    )


def donations_csv(p: Period):
    return csv_export.response(
        f"donations-{p.start}-{p.end}",
        ["id", "created_at", "kind", "channel", "status", "donor", "amount_baht", "purpose"],
        (
            [
                d.id,
                d.created_at.astimezone(BANGKOK).isoformat(timespec="minutes"),
                d.kind,
                d.channel,
                d.status,
                d.donor_name or "anonymous",
                Satang(d.amount_satang),
                d.purpose,
            ]
            for d in donations_in(p)
        ),
    )


def daily(p: Period) -> list[tuple[date, int, int]]:
    """(day, value in, value out) for each day of the period with movements."""
    days: dict[date, list[int]] = {}
    for m, _item, _centre in movements_in(p):
        day = m.created_at.astimezone(BANGKOK).date()
        days.setdefault(day, [0, 0])[0 if m.quantity > 0 else 1] += m.value_satang
    return [(d, v[0], v[1]) for d, v in sorted(days.items())]
