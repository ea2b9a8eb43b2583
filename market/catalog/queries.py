"""Read side of the catalogue pages."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Village


def villages() -> list[Village]:
    """Villages a collection centre may serve, by number then name."""
    return list(db.session.scalars(sa.select(Village).order_by(Village.moo, Village.name_th)))
