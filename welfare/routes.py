"""welfare pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, render_template

from core.db import db
from core.tenancy.models import Membership
from welfare import bp

FUND_ROLES = ("fund_manager", "committee", "signatory", "auditor")
SIGNATURES_NEEDED = 2


def _fund_team() -> dict[str, int]:
    """How many active members hold each fund role here."""
    memberships = db.session.scalars(
        sa.select(Membership).where(Membership.tenant_id == g.tenant.id, Membership.active)
    )
    team = dict.fromkeys(FUND_ROLES, 0)
    for membership in memberships:
        for role in FUND_ROLES:
            if role in membership.roles:
                team[role] += 1
    return team


@bp.get("/")
def index():
    return render_template("welfare/index.html", team=_fund_team(), needed=SIGNATURES_NEEDED)
