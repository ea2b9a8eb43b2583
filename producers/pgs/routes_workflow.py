"""Pages: inspections (team, checklist, joint verdict) and screening; the
committee's pages are in routes_committee, certificates, sanctions and appeals
in routes_certificates.

Refused steps raise domain errors; the app's handler shows them as a clear
page (409 for an invalid transition, 403 for a missing role or seat)."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import N_, DomainError, NotFound, ValidationError
from producers import bp
from producers.models.pgs import (
    INSPECTION_STATUSES,
    SEVERITIES,
    Inspection,
    NonCompliance,
)
from producers.pgs import (
    conflicts,
    permissions,  # noqa: F401
    queries,
    services,
    workflow,
)
from producers.pgs.pages import actor_id, allowed, done, posted, upload
from producers.pgs.workflow import inspecting, screening

# --- inspections -----------------------------------------------------------------


@bp.get("/pgs/inspections")
@require("producers.view")
def pgs_inspections():
    status = (
        request.args.get("status") if request.args.get("status") in INSPECTION_STATUSES else None
    )
    return render_template(
        "producers/pgs/inspections.html",
        rows=queries.inspections(status),
        status=status,
        statuses=INSPECTION_STATUSES,
    )


@bp.get("/pgs/inspections/<int:inspection_id>")
@require("producers.view")
def pgs_inspection(inspection_id: int):
    return _render_inspection(services.get(Inspection, inspection_id))


def _render_inspection(
    inspection: Inspection,
    team_error: DomainError | None = None,
    checklist_error: DomainError | None = None,
    checklist_data: dict | None = None,
):
    """The inspection page; a refused team member (a conflict of interest, not
    an inspector) is explained beside the picker, and a refused checklist
    above it with what was typed, not on a bare error page."""
    me = workflow.person_of_user(actor_id())
    page = queries.inspection_page(inspection)
    mine = next((m for m, _ in page["team"] if me is not None and m.person_id == me.id), None)
    on_team = mine is not None
    error = team_error or checklist_error
    html = render_template(
        "producers/pgs/inspection.html",
        **page,
        on_team=on_team,
        my_verdict=mine.verdict if mine else None,
        checklist_error=checklist_error,
        checklist_data=checklist_data or {},
        severities=SEVERITIES,
        candidates=queries.inspector_candidates(inspection),
        can_plan=allowed("producers.plan_inspection"),
        can_screen=allowed("producers.screen"),
        team_error=team_error,
        conflict_messages=conflicts.MESSAGES,
        rule_labels=conflicts.RULE_LABELS,
        allowed_conflicts=sorted(conflicts.allowed_by(inspection.standard_id)),
    )
    return (html, error.status) if error else html


def _inspection(inspection_id: int) -> Inspection:
    return services.get(Inspection, inspection_id)


@bp.post("/pgs/inspections/<int:inspection_id>/team")
@require("producers.plan_inspection")
@writes
def pgs_inspection_team(inspection_id: int):
    inspection = _inspection(inspection_id)
    refused_kinds = (
        conflicts.ConflictOfInterest, ValidationError, NotFound, services.InvalidTransition
    )
    with refusal(only=refused_kinds) as refused:
        inspecting.add_inspector(inspection, posted().get("person_id"), actor_id=actor_id())
        return done(
            "producers.pgs_inspection",
            N_("The inspector joined the team."),
            inspection_id=inspection.id,
        )
    return _render_inspection(_inspection(inspection_id), team_error=refused.error)


@bp.post("/pgs/inspections/<int:inspection_id>/team/remove")
@require("producers.plan_inspection")
@writes
def pgs_inspection_team_remove(inspection_id: int):
    inspection = _inspection(inspection_id)
    person_id = posted().get("person_id", "")
    inspecting.remove_inspector(
        inspection, int(person_id) if str(person_id).isdigit() else -1, actor_id=actor_id()
    )
    return done(
        "producers.pgs_inspection", N_("The inspector left the team."), inspection_id=inspection.id
    )


@bp.post("/pgs/inspections/<int:inspection_id>/answers")
@require("producers.inspect")
@writes
def pgs_inspection_answer(inspection_id: int):
    inspection = _inspection(inspection_id)
    data = posted()
    inspecting.answer(
        inspection,
        criterion_id=data.get("criterion_id"),
        result=data.get("result", ""),
        note=data.get("note"),
        photo=upload("photo"),
        actor_id=actor_id(),
    )
    return done("producers.pgs_inspection", N_("The answer is saved."), inspection_id=inspection.id)


@bp.post("/pgs/inspections/<int:inspection_id>/verdict")
@require("producers.inspect")
@writes
def pgs_inspection_verdict(inspection_id: int):
    inspection = _inspection(inspection_id)
    data = posted()
    inspecting.sign_verdict(
        inspection,
        verdict=data.get("verdict", ""),
        inspected_on=data.get("inspected_on"),
        summary=data.get("summary"),
        actor_id=actor_id(),
    )
    return done(
        "producers.pgs_inspection", N_("Your verdict is signed."), inspection_id=inspection.id
    )


@bp.post("/pgs/inspections/<int:inspection_id>/cancel")
@require("producers.plan_inspection")
@writes
def pgs_inspection_cancel(inspection_id: int):
    inspection = _inspection(inspection_id)
    inspecting.cancel_inspection(inspection, reason=posted().get("reason"), actor_id=actor_id())
    return done(
        "producers.pgs_inspection", N_("The inspection is cancelled."), inspection_id=inspection.id
    )


@bp.post("/pgs/inspections/<int:inspection_id>/noncompliances")
@require("producers.screen")
@writes
def pgs_inspection_grade(inspection_id: int):
    inspection = _inspection(inspection_id)
    data = posted()
    screening.grade(
        inspection,
        criterion_id=data.get("criterion_id"),
        grade=data.get("grade", ""),
        description=data.get("description"),
        corrective_action=data.get("corrective_action"),
        due_on=data.get("due_on"),
        actor_id=actor_id(),
    )
    return done(
        "producers.pgs_inspection",
        N_("The non-compliance is recorded."),
        inspection_id=inspection.id,
    )


@bp.post("/pgs/inspections/<int:inspection_id>/screen")
@require("producers.screen")
@writes
def pgs_inspection_screen(inspection_id: int):
    inspection = _inspection(inspection_id)
    screening.complete_screening(inspection, note=posted().get("note"), actor_id=actor_id())
    return done(
        "producers.pgs_inspection",
        N_("Screening is complete; the committee decides."),
        inspection_id=inspection.id,
    )


@bp.get("/pgs/noncompliances")
@require("producers.view")
def pgs_noncompliances():
    return render_template(
        "producers/pgs/noncompliances.html",
        rows=queries.open_noncompliances(),
        can_close=allowed("producers.screen"),
    )


@bp.post("/pgs/noncompliances/<int:noncompliance_id>/close")
@require("producers.screen")
@writes
def pgs_noncompliance_close(noncompliance_id: int):
    nc = services.get(NonCompliance, noncompliance_id)
    data = posted()
    screening.close_noncompliance(
        nc, note=data.get("note"), closed_on=data.get("closed_on"), actor_id=actor_id()
    )
    return done("producers.pgs_noncompliances", N_("The non-compliance is closed."))
