"""welfare landing page."""

from __future__ import annotations

from flask import current_app, g, render_template
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
import welfare.governance.inbox  # noqa: F401  (registers what waits for each person on the first page)
from core.auth.policies import PERMISSIONS, can
from core.tenancy.queries import active_memberships
from welfare import bp

FUND_ROLES = ("fund_manager", "committee", "signatory", "auditor")
SIGNATURES_NEEDED = 2


def _fund_team() -> dict[str, int]:
    """How many active members hold each fund role here."""
    memberships = active_memberships(g.tenant.id)
    team = dict.fromkeys(FUND_ROLES, 0)
    for membership in memberships:
        for role in FUND_ROLES:
            if role in membership.roles:
                team[role] += 1
    return team


def _has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


@bp.get("/")
def index():
    user = current_user if current_user.is_authenticated else None
    links = {
        "funds": user is not None and can(user, "welfare.funds.view", g.tenant.id),
        "approvals": user is not None and can(user, "welfare.funds.approve", g.tenant.id),
        "evidence": user is not None and can(user, "welfare.funds.view", g.tenant.id),
        "loans": (_has_endpoint("welfare.loans_index") and user is not None
                  and "welfare.loans.view" in PERMISSIONS and can(user, "welfare.loans.view", g.tenant.id)),
    }
    links["bank"] = user is not None and can(user, "payments.reconcile", g.tenant.id)
    boxes = []
    if user is not None:
        from welfare.governance.inbox import inbox_for

        boxes = inbox_for(user, g.tenant.id)
    pending = next((box.count for box in boxes if box.key == "approve"), 0)
    from welfare.funds.services import list_funds

    public_funds = [f for f in list_funds() if f.public]
    return render_template("welfare/index.html", team=_fund_team(), needed=SIGNATURES_NEEDED, links=links,
                           pending=pending, boxes=boxes, public_funds=public_funds)
