"""Pages: committee meetings, their attendees, closing them, and the committee's
decisions on farms. Refused steps raise domain errors; the app's handler shows
them as a clear page (409 for an invalid transition, 403 for a missing role or
seat)."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.boundary import writes
from core.errors import N_, ValidationError
from producers import bp
from producers.models.pgs import (
    CommitteeMeeting,
    Inspection,
)
from producers.pgs import (
    queries,
    services,
)
from producers.pgs.pages import actor_id, allowed, done, posted
from producers.pgs.workflow import deciding

# --- committee -------------------------------------------------------------------


@bp.get("/pgs/meetings")
@require("producers.view")
def pgs_meetings():
    return render_template(
        "producers/pgs/meetings.html",
        meetings=queries.meetings(),
        can_meet=allowed("producers.meeting"),
    )


@bp.post("/pgs/meetings")
@require("producers.meeting")
@writes
def pgs_meeting_create():
    data = posted()
    meeting = deciding.open_meeting(
        held_on=data.get("held_on"),
        quorum=data.get("quorum"),
        place=data.get("place"),
        actor_id=actor_id(),
    )
    return done(
        "producers.pgs_meeting", N_("The meeting is open."), committee_meeting_id=meeting.id
    )


@bp.get("/pgs/meetings/<int:committee_meeting_id>")
@require("producers.view")
def pgs_meeting(committee_meeting_id: int):
    meeting = services.get(CommitteeMeeting, committee_meeting_id)
    committee = queries.committee_users()
    return render_template(
        "producers/pgs/meeting.html",
        **queries.meeting_page(meeting),
        committee=committee,
        can_meet=allowed("producers.meeting"),
        can_decide=allowed("producers.decide"),
    )


@bp.post("/pgs/meetings/<int:committee_meeting_id>/attendees")
@require("producers.meeting")
@writes
def pgs_meeting_attendee(committee_meeting_id: int):
    meeting = services.get(CommitteeMeeting, committee_meeting_id)
    deciding.add_attendee(meeting, posted().get("user_id"), actor_id=actor_id())
    return done("producers.pgs_meeting", N_("Saved."), committee_meeting_id=meeting.id)


@bp.post("/pgs/meetings/<int:committee_meeting_id>/close")
@require("producers.meeting")
@writes
def pgs_meeting_close(committee_meeting_id: int):
    meeting = services.get(CommitteeMeeting, committee_meeting_id)
    deciding.close_meeting(meeting, minutes=posted().get("minutes"), actor_id=actor_id())
    return done(
        "producers.pgs_meeting", N_("The meeting is closed."), committee_meeting_id=meeting.id
    )


def _scope_from_form() -> dict[int, list[str]] | None:
    plot_ids = request.form.getlist("plot_id")
    if not plot_ids:
        return None
    scope: dict[int, list[str]] = {}
    for raw in plot_ids:
        if not str(raw).isdigit() or len(str(raw)) > 18:
            raise ValidationError(N_("Choose plots of this farm"), field="plots")
        crops = request.form.get(f"crops_{raw}", "")
        scope[int(raw)] = [c.strip() for c in crops.split(",") if c.strip()]
    return scope


@bp.post("/pgs/meetings/<int:committee_meeting_id>/decide")
@require("producers.decide")
@writes
def pgs_meeting_decide(committee_meeting_id: int):
    meeting = services.get(CommitteeMeeting, committee_meeting_id)
    data = posted()
    inspection = services.get(Inspection, data.get("inspection_id"), N_("Unknown inspection"))
    deciding.decide(
        meeting,
        inspection,
        outcome=data.get("outcome", ""),
        reason=data.get("reason"),
        scope=_scope_from_form(),
        actor_id=actor_id(),
    )
    return done(
        "producers.pgs_meeting", N_("The decision is recorded."), committee_meeting_id=meeting.id
    )
