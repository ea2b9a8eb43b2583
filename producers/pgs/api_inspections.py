"""API: PGS inspections: the team, checklist answers, the joint verdict, grading
non-compliances and completing screening (/api/v1/t/<slug>/producers/pgs), on
the PGS API blueprint. Same permissions and the same refusals as the pages."""

from __future__ import annotations

from flask.views import MethodView

from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from producers.models.pgs import (
    Inspection,
)
from producers.pgs import schemas as s
from producers.pgs import services
from producers.pgs.api_pgs import _attrs, blp
from producers.pgs.pages import actor_id
from producers.pgs.workflow import inspecting, screening

# --- inspections -----------------------------------------------------------------


def _inspection_detail(inspection: Inspection) -> dict:
    return {
        **_attrs(inspection, s.InspectionOut),
        "team": inspecting.team_of(inspection.id),
        "answers": list(inspecting.answers_of(inspection.id).values()),
        "noncompliances": screening.noncompliances_of(inspection_id=inspection.id),
    }


@blp.route("/inspections/<int:inspection_id>")
class InspectionDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.InspectionDetailOut)
    def get(self, inspection_id: int):
        """An inspection with its team, answers and non-compliances."""
        return _inspection_detail(services.get(Inspection, inspection_id))


@blp.route("/inspections/<int:inspection_id>/team")
class InspectionTeam(MethodView):
    @api_require("producers.plan_inspection")
    @must_exist(inspection_id=Inspection)
    @blp.arguments(s.TeamIn)
    @blp.response(201, s.InspectionDetailOut)
    @api_writes
    def post(self, data, inspection_id: int):
        """Add a peer inspector (conflicts of interest are refused with their reason)."""
        inspection = services.get(Inspection, inspection_id)
        inspecting.add_inspector(inspection, data.get("person_id"), actor_id=actor_id())
        return _inspection_detail(inspection)


@blp.route("/inspections/<int:inspection_id>/answers")
class InspectionAnswers(MethodView):
    @api_require("producers.inspect")
    @must_exist(inspection_id=Inspection)
    @blp.arguments(s.AnswerIn)
    @blp.response(201, s.AnswerOut)
    @api_writes
    def post(self, data, inspection_id: int):
        """Answer one criterion (team members only; photos through the page or the documents API)."""
        inspection = services.get(Inspection, inspection_id)
        return inspecting.answer(inspection, **data, actor_id=actor_id())


@blp.route("/inspections/<int:inspection_id>/verdict")
class InspectionVerdict(MethodView):
    @api_require("producers.inspect")
    @must_exist(inspection_id=Inspection)
    @blp.arguments(s.VerdictIn)
    @blp.response(200, s.InspectionDetailOut)
    @api_writes
    def post(self, data, inspection_id: int):
        """Sign the joint verdict; submitted when the whole team agrees."""
        inspection = services.get(Inspection, inspection_id)
        inspecting.sign_verdict(inspection, **data, actor_id=actor_id())
        return _inspection_detail(inspection)


@blp.route("/inspections/<int:inspection_id>/noncompliances")
class InspectionGrade(MethodView):
    @api_require("producers.screen")
    @must_exist(inspection_id=Inspection)
    @blp.arguments(s.GradeIn)
    @blp.response(201, s.NonComplianceOut)
    @api_writes
    def post(self, data, inspection_id: int):
        """Screening: grade a non-compliance with its corrective action and due date."""
        return screening.grade(services.get(Inspection, inspection_id), **data, actor_id=actor_id())


@blp.route("/inspections/<int:inspection_id>/screen")
class InspectionScreen(MethodView):
    @api_require("producers.screen")
    @must_exist(inspection_id=Inspection)
    @blp.arguments(s.NoteIn)
    @blp.response(200, s.InspectionOut)
    @api_writes
    def post(self, data, inspection_id: int):
        """Screening complete: the inspection goes to the committee."""
        return screening.complete_screening(
            services.get(Inspection, inspection_id), **data, actor_id=actor_id()
        )
