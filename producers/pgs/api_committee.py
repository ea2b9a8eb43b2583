"""API: PGS committee meetings, their attendees and decisions, and closing them
(/api/v1/t/<slug>/producers/pgs), on the PGS API blueprint. Same permissions
and the same refusals as the pages."""

from __future__ import annotations

from flask.views import MethodView

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from producers.models.pgs import (
    CommitteeMeeting,
    Inspection,
)
from producers.pgs import queries, services
from producers.pgs import schemas as s
from producers.pgs.api_pgs import _attrs, blp
from producers.pgs.pages import actor_id
from producers.pgs.workflow import deciding

# --- committee -------------------------------------------------------------------


def _meeting_out(meeting: CommitteeMeeting) -> dict:
    return {
        **{k: getattr(meeting, k) for k in ("id", "held_on", "place", "quorum", "status")},
        "present": len(deciding.attendees_of(meeting.id)),
    }


@blp.route("/meetings")
class Meetings(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.MeetingOut(many=True))
    @paged(blp)
    def get(self):
        """Committee meetings, latest first."""
        return [_meeting_out(m) for m in queries.meetings(limit=None)]

    @api_require("producers.meeting")
    @blp.arguments(s.MeetingIn)
    @blp.response(201, s.MeetingOut)
    @api_writes
    def post(self, data):
        """Open a committee meeting with its quorum."""
        meeting = deciding.open_meeting(**data, actor_id=actor_id())
        return _meeting_out(meeting)


@blp.route("/meetings/<int:committee_meeting_id>/attendees")
class MeetingAttendees(MethodView):
    @api_require("producers.meeting")
    @must_exist(committee_meeting_id=CommitteeMeeting)
    @blp.arguments(s.AttendeeIn)
    @blp.response(201, s.MeetingOut)
    @api_writes
    def post(self, data, committee_meeting_id: int):
        """Record a committee member as present."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        deciding.add_attendee(meeting, data.get("user_id"), actor_id=actor_id())
        return _meeting_out(meeting)


@blp.route("/meetings/<int:committee_meeting_id>/decisions")
class MeetingDecisions(MethodView):
    @api_require("producers.decide")
    @must_exist(committee_meeting_id=CommitteeMeeting)
    @blp.arguments(s.DecisionIn)
    @blp.response(201, s.DecisionOut)
    @api_writes
    def post(self, data, committee_meeting_id: int):
        """The committee decides on a screened inspection: organic, in conversion or deferred."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        inspection = services.get(Inspection, data.get("inspection_id"))
        decision = deciding.decide(
            meeting,
            inspection,
            outcome=data.get("outcome"),
            reason=data.get("reason"),
            scope=data.get("scope"),
            actor_id=actor_id(),
        )
        cert_id = queries.certificate_id_of(decision)
        return {**_attrs(decision, s.DecisionOut), "certificate_id": cert_id}


@blp.route("/meetings/<int:committee_meeting_id>/close")
class MeetingClose(MethodView):
    @api_require("producers.meeting")
    @must_exist(committee_meeting_id=CommitteeMeeting)
    @blp.arguments(s.NoteIn)
    @blp.response(200, s.MeetingOut)
    @api_writes
    def post(self, data, committee_meeting_id: int):
        """Close the meeting with its minutes."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        deciding.close_meeting(meeting, minutes=data.get("note"), actor_id=actor_id())
        return _meeting_out(meeting)
