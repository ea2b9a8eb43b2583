"""A change of an item's standard cost revalues the stock on hand, so the
inventory account keeps equalling on hand × cost."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from core.db import db
from core.ledger import services as ledger
from market.models.stock import StockLevel
from market.stock import valuation


def revalue(item, new_cost: int, *, actor_id: int | None):
    # Lock the item's stock rows (ids ascending) so no movement slips between
    # the count and the new cost.
    on_hand = sum(
        db.session.scalars(
            sa.select(StockLevel.on_hand)
            .where(StockLevel.item_id == item.id)
            .order_by(StockLevel.id)
            .with_for_update()
        )
    )
    delta = on_hand * (new_cost - item.cost_satang)
    if delta == 0:
        return None
    inventory = valuation.account(valuation.INVENTORY)
    variance = valuation.account(valuation.VARIANCE)
    return ledger.post(
        entry_date=ledger.today(),
        memo=f"revalue {item.name_th}: {item.cost_satang} → {new_cost} × {on_hand}",
        lines=[(inventory, delta), (variance, -delta)],
        idempotency_key=f"market.revalue:{item.id}:{secrets.token_hex(8)}",
        source=f"market.item:{item.id}",
        actor_id=actor_id,
    )
