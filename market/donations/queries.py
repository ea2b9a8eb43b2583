"""Read side of donations: the public transparency figures (no names, no
contact details) and the staff report."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.db import db
from market.models.catalog import Item
from market.models.donations import GoodsDonation, GoodsDonationLine
from market.models.stock import StockMovement


@dataclass
class Transparency:
    cash_total: int = 0
    in_kind_total: int = 0
    donations: int = 0
    bought_total: int = 0
    goods_given: list = field(default_factory=list)  # (item, quantity, value)
    goods_bought: list = field(default_factory=list)  # (item, quantity, value)
    by_month: list = field(default_factory=list)  # (yyyy-mm, cash, in kind)

    @property
    def total(self) -> int:
        return self.cash_total + self.in_kind_total

    @property
    def unspent(self) -> int:
        return max(self.cash_total - self.bought_total, 0)


def transparency() -> Transparency:
    result = Transparency()
    received = GoodsDonation.status == "received"
    for kind, total, n in db.session.execute(
        sa.select(
            GoodsDonation.kind,
            sa.func.coalesce(sa.func.sum(GoodsDonation.amount_satang), 0),
            sa.func.count(),
        )
        .where(received)
        .group_by(GoodsDonation.kind)
    ):
        result.donations += n
        if kind == "cash":
            result.cash_total = int(total)
        else:
            result.in_kind_total = int(total)
    result.goods_given = [
        (item, int(q), int(v))
        for item, q, v in db.session.execute(
            sa.select(
                Item,
                sa.func.sum(GoodsDonationLine.quantity),
                sa.func.sum(GoodsDonationLine.quantity * GoodsDonationLine.unit_value_satang),
            )
            .join(
                Item,
                sa.and_(
                    Item.id == GoodsDonationLine.item_id,
                    Item.tenant_id == GoodsDonationLine.tenant_id,
                ),
            )
            .join(
                GoodsDonation,
                sa.and_(
                    GoodsDonation.id == GoodsDonationLine.donation_id,
                    GoodsDonation.tenant_id == GoodsDonationLine.tenant_id,
                ),
            )
            .where(received)
            .group_by(Item.id)
            .order_by(Item.name_th)
        )
    ]
    result.goods_bought = [
        (item, int(q), int(v))
        for item, q, v in db.session.execute(
            sa.select(
                Item, sa.func.sum(StockMovement.quantity), sa.func.sum(StockMovement.value_satang)
            )
            .join(
                Item,
                sa.and_(
                    Item.id == StockMovement.item_id, Item.tenant_id == StockMovement.tenant_id
                ),
            )
            .where(StockMovement.funded_by_donations.is_(True), StockMovement.kind == "purchase")
            .group_by(Item.id)
            .order_by(Item.name_th)
        )
    ]
    result.bought_total = sum(v for _, _, v in result.goods_bought)
    months: dict[str, list[int]] = {}
    for when, kind, amount in db.session.execute(
        sa.select(GoodsDonation.received_at, GoodsDonation.kind, GoodsDonation.amount_satang).where(
            received
        )
    ):
        key = when.strftime("%Y-%m") if when else "-"
        months.setdefault(key, [0, 0])[0 if kind == "cash" else 1] += amount
    result.by_month = [(k, v[0], v[1]) for k, v in sorted(months.items())]
    return result
