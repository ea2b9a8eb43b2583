"""producers pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, render_template
from flask_login import current_user

from core.auth.policies import can
from core.db import db
from core.tenancy.models import Membership
from producers import bp
from producers.pgs import permissions  # noqa: F401


def _members_with(role: str) -> int:
    memberships = db.session.scalars(
        sa.select(Membership).where(Membership.tenant_id == g.tenant.id, Membership.active)
    )
    return sum(1 for m in memberships if role in m.roles)


@bp.get("/")
def index():
    return render_template(
        "producers/index.html",
        producers=_members_with("producer"),
        inspectors=_members_with("inspector"),
        can_dashboard=can(current_user, "producers.dashboard", g.tenant.id),
    )
