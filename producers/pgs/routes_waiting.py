"""Page: what waits for me in the PGS workflow, item by item (the first page
shows the counts, producers.pgs.inbox)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import render_template

from core.auth.policies import require
from core.db import db
from producers import bp
from producers.models.pgs import Appeal, CommitteeMeeting, Farm, Inspection, Sanction
from producers.pgs import (
    inbox,
    permissions,  # noqa: F401
)
from producers.pgs.pages import actor_id, allowed


def _inspections(*where) -> list[tuple[Inspection, Farm]]:
    rows = db.session.execute(
        sa.select(Inspection, Farm)
        .join(Farm, Farm.id == Inspection.farm_id)
        .where(*where)
        .order_by(Inspection.planned_on.nulls_last(), Inspection.id)
        .limit(200)
    )
    return [(inspection, farm) for inspection, farm in rows]


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
        sections["to_confirm"] = db.session.scalars(
            sa.select(Sanction).where(Sanction.certificate_id.in_(inbox.revocations_to_confirm(me)),
                                      Sanction.status == "proposed", Sanction.kind == "revocation")
        ).all()
        sections["appeals"] = db.session.scalars(
            sa.select(Appeal).where(Appeal.status == "open").order_by(Appeal.lodged_on)
        ).all()
        open_meeting = db.session.scalars(
            sa.select(CommitteeMeeting)
            .where(CommitteeMeeting.status == "open")
            .order_by(CommitteeMeeting.held_on.desc())
        ).first()
    return render_template(
        "producers/pgs/waiting.html", sections=sections, open_meeting=open_meeting
    )
