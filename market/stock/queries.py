"""Read side of stock: levels per centre, the movement log, valuation."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.db import db
from market.models.catalog import Centre, Item
from market.models.stock import StockLevel, StockMovement

PAGE_SIZE = 50


@dataclass(frozen=True)
class Row:
    item: Item
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def value(self) -> int:
        return self.on_hand * self.item.cost_satang

    @property
    def low(self) -> bool:
        return self.item.low_stock_threshold > 0 and self.available <= self.item.low_stock_threshold


def levels(centre_id: int) -> list[Row]:
    """Every active item with its stock at the centre (zero when never stocked)."""
    found = {
        level.item_id: level
        for level in db.session.scalars(
            sa.select(StockLevel).where(StockLevel.centre_id == centre_id)
        )
    }
    rows = []
    for item in db.session.scalars(sa.select(Item).order_by(Item.name_th)):
        level = found.get(item.id)
        if level is None and not item.active:
            continue
        rows.append(Row(item, level.on_hand if level else 0, level.reserved if level else 0))
    return rows


def movements_query(
    *, centre_id: int | None = None, item_id: int | None = None, kind: str | None = None
) -> sa.Select:
    """The stock log, newest first."""
    stmt = sa.select(StockMovement).order_by(StockMovement.id.desc())
    if centre_id:
        stmt = stmt.where(StockMovement.centre_id == centre_id)
    if item_id:
        stmt = stmt.where(StockMovement.item_id == item_id)
    if kind:
        stmt = stmt.where(StockMovement.kind == kind)
    return stmt


def movements(
    *,
    centre_id: int | None = None,
    item_id: int | None = None,
    kind: str | None = None,
    page: int = 1,
    limit: int = PAGE_SIZE,
) -> list[StockMovement]:
    stmt = movements_query(centre_id=centre_id, item_id=item_id, kind=kind)
    return list(db.session.scalars(stmt.offset((max(page, 1) - 1) * limit).limit(limit)))


@dataclass(frozen=True)
class ValuationRow:
    centre: Centre
    item: Item
    on_hand: int
    reserved: int
    value: int


def valuation() -> list[ValuationRow]:
    rows = db.session.execute(
        sa.select(Centre, Item, StockLevel.on_hand, StockLevel.reserved)
        .join(
            Centre,
            sa.and_(Centre.id == StockLevel.centre_id, Centre.tenant_id == StockLevel.tenant_id),
        )
        .join(Item, sa.and_(Item.id == StockLevel.item_id, Item.tenant_id == StockLevel.tenant_id))
        .where(StockLevel.on_hand > 0)
        .order_by(Centre.name, Item.name_th)
    ).all()
    return [
        ValuationRow(c, i, on_hand, reserved, on_hand * i.cost_satang)
        for c, i, on_hand, reserved in rows
    ]
