"""Page: what waits for me in the PGS workflow, item by item (the first page
shows the counts, producers.pgs.inbox)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import render_template

from core.auth.policies import require
from producers import bp
from producers.models.pgs import Inspection
from producers.pgs import (
    inbox,
    permissions,  # noqa: F401
    queries,
)
from producers.pgs.pages import actor_id, allowed

_inspections = queries.waiting_inspections


@bp.get("/pgs/waiting")
@require("producers.view")
def pgs_waiting() -> str:
    me = actor_id()
    sections: dict[str, Sequence] = {}
    if allowed("producers.inspect"):
        sections["to_inspect"] = _inspections(Inspection.id.in_(inbox.to_inspect(me)))
    if allowed("producers.plan_inspection"):
        planned = _inspections(Inspection.status == "planned")
        teams = inbox.team_sizes([i.id for i, _ in planned])
        sections["needing_team"] = [
            (i, f) for i, f in planned if teams.get(i.id, 0) < inbox.MIN_TEAM
        ]
    if allowed("producers.screen"):
        sections["to_screen"] = _inspections(Inspection.status == "submitted")
    open_meeting = None
    if allowed("producers.decide"):
        sections["to_decide"] = _inspections(Inspection.status == "screened")
        sections["to_confirm"] = queries.proposed_revocations(inbox.revocations_to_confirm(me))
        sections["appeals"] = queries.open_appeals()
        open_meeting = queries.open_meeting()
    return render_template(
        "producers/pgs/waiting.html", sections=sections, open_meeting=open_meeting
    )
