"""Read side of the exchange pages."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household


def households_to_lend_to(limit: int = 2000) -> list[Household]:
    """Households a loan may go to, by code."""
    return list(db.session.scalars(sa.select(Household).order_by(Household.code).limit(limit)))
