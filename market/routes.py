"""market pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, render_template

from core.db import db
from core.registry.models import Household, Village
from market import bp


def _reach() -> dict[str, int]:
    """Villages and households this organisation serves (its own registry)."""
    return {
        "villages": db.session.scalar(sa.select(sa.func.count()).select_from(Village)) or 0,
        "households": db.session.scalar(sa.select(sa.func.count()).select_from(Household)) or 0,
    }


@bp.get("/")
def index():
    return render_template("market/index.html", reach=_reach(), is_network=g.tenant.kind == "network")
