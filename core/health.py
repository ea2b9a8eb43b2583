"""Kernel checks behind ``/healthz`` (core.web): the view asks, this module
talks to the database."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db


def ping_database() -> None:
    """One round trip to the database; raises whatever the driver raises when
    it does not answer."""
    db.session.execute(sa.text("SELECT 1"))
