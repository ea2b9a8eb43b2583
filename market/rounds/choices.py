"""What the round pages offer to choose from: the active centres a round may
be held at and the active items it may offer (read from the catalogue's
models, so the rounds area does not import the catalogue's services, which
import rounds)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from market.models.catalog import Centre, Item


def active_centres() -> list[Centre]:
    return list(db.session.scalars(sa.select(Centre).where(Centre.active.is_(True)).order_by(Centre.name)))


def active_items() -> list[Item]:
    return list(db.session.scalars(sa.select(Item).where(Item.active.is_(True)).order_by(Item.name_th)))
