"""Read side of the waste-bank pages and API."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from market.models.catalog import ServicePoint


def service_point_exists(point_id: int) -> bool:
    return db.session.scalar(sa.select(ServicePoint.id).where(ServicePoint.id == point_id)) is not None
