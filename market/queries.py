"""Read side of the market's front page."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household, Village


def reach() -> dict[str, int]:
    """Villages and households this organisation serves (its own registry)."""
    return {
        "villages": db.session.scalar(sa.select(sa.func.count()).select_from(Village)) or 0,
        "households": db.session.scalar(sa.select(sa.func.count()).select_from(Household)) or 0,
    }
