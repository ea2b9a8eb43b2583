"""Pages: inspections (team, checklist, joint verdict), screening,
committee meetings and decisions, certificates, sanctions and appeals.

Refused steps raise domain errors; the app's handler shows them as a clear
page (409 for an invalid transition, 403 for a missing role or seat)."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.db import db
from core.errors import N_, DomainError, NotFound, ValidationError
from producers import bp
from producers.models.pgs import (
    INSPECTION_STATUSES,
    SEVERITIES,
    Appeal,
    Certificate,
    CommitteeMeeting,
    Inspection,
    NonCompliance,
    Sanction,
)
from producers.pgs import (
    conflicts,
    permissions,  # noqa: F401
    queries,
    services,
    workflow,
)
from producers.pgs.pages import actor_id, allowed, done, posted, upload
from producers.pgs.workflow import deciding, inspecting, sanctioning, screening

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


def _render_inspection(inspection: Inspection, team_error: DomainError | None = None):
    """The inspection page; a refused team member (a conflict of interest, not
    an inspector) is explained beside the picker, not on a bare error page."""
    me = workflow.person_of_user(actor_id())
    page = queries.inspection_page(inspection)
    on_team = me is not None and any(m.person_id == me.id for m, _ in page["team"])
    html = render_template(
        "producers/pgs/inspection.html",
        **page,
        on_team=on_team,
        severities=SEVERITIES,
        candidates=queries.inspector_candidates(inspection),
        can_plan=allowed("producers.plan_inspection"),
        can_screen=allowed("producers.screen"),
        team_error=team_error,
        conflict_messages=conflicts.MESSAGES,
        rule_labels=conflicts.RULE_LABELS,
        allowed_conflicts=sorted(conflicts.allowed_by(inspection.standard_id)),
    )
    return (html, team_error.status) if team_error else html


def _inspection(inspection_id: int) -> Inspection:
    return services.get(Inspection, inspection_id)


@bp.post("/pgs/inspections/<int:inspection_id>/team")
@require("producers.plan_inspection")
def pgs_inspection_team(inspection_id: int):
    inspection = _inspection(inspection_id)
    try:
        inspecting.add_inspector(inspection, posted().get("person_id"), actor_id=actor_id())
    except (conflicts.ConflictOfInterest, ValidationError, NotFound, services.InvalidTransition) as exc:
        db.session.rollback()
        return _render_inspection(_inspection(inspection_id), team_error=exc)
    return done(
        "producers.pgs_inspection",
        N_("The inspector joined the team."),
        inspection_id=inspection.id,
    )


@bp.post("/pgs/inspections/<int:inspection_id>/team/remove")
@require("producers.plan_inspection")
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
def pgs_inspection_cancel(inspection_id: int):
    inspection = _inspection(inspection_id)
    inspecting.cancel_inspection(inspection, reason=posted().get("reason"), actor_id=actor_id())
    return done(
        "producers.pgs_inspection", N_("The inspection is cancelled."), inspection_id=inspection.id
    )


@bp.post("/pgs/inspections/<int:inspection_id>/noncompliances")
@require("producers.screen")
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
def pgs_noncompliance_close(noncompliance_id: int):
    nc = services.get(NonCompliance, noncompliance_id)
    data = posted()
    screening.close_noncompliance(
        nc, note=data.get("note"), closed_on=data.get("closed_on"), actor_id=actor_id()
    )
    return done("producers.pgs_noncompliances", N_("The non-compliance is closed."))


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
    import sqlalchemy as sa
    from flask import g

    from core.auth.models import User
    from core.db import db
    from core.tenancy.models import Membership

    members = [
        m.user_id
        for m in db.session.scalars(
            sa.select(Membership).where(Membership.tenant_id == g.tenant.id, Membership.active)
        )
        if "committee" in m.roles
    ]
    committee = (
        db.session.scalars(sa.select(User).where(User.id.in_(members))).all() if members else []
    )
    return render_template(
        "producers/pgs/meeting.html",
        **queries.meeting_page(meeting),
        committee=committee,
        can_meet=allowed("producers.meeting"),
        can_decide=allowed("producers.decide"),
    )


@bp.post("/pgs/meetings/<int:committee_meeting_id>/attendees")
@require("producers.meeting")
def pgs_meeting_attendee(committee_meeting_id: int):
    meeting = services.get(CommitteeMeeting, committee_meeting_id)
    deciding.add_attendee(meeting, posted().get("user_id"), actor_id=actor_id())
    return done("producers.pgs_meeting", N_("Saved."), committee_meeting_id=meeting.id)


@bp.post("/pgs/meetings/<int:committee_meeting_id>/close")
@require("producers.meeting")
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


# --- certificates, sanctions, appeals --------------------------------------------


@bp.get("/pgs/certificates")
@require("producers.view")
def pgs_certificates():
    from producers.models.pgs import CERTIFICATE_STATUSES

    status = (
        request.args.get("status") if request.args.get("status") in CERTIFICATE_STATUSES else None
    )
    return render_template(
        "producers/pgs/certificates.html",
        rows=queries.certificates(status),
        status=status,
        statuses=CERTIFICATE_STATUSES,
    )


@bp.get("/pgs/certificates/<int:certificate_id>")
@require("producers.view")
def pgs_certificate(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    return render_template(
        "producers/pgs/certificate.html",
        **queries.certificate_page(cert),
        can_sanction=allowed("producers.sanction"),
        can_appeal=allowed("producers.appeal"),
    )


@bp.post("/pgs/certificates/<int:certificate_id>/sanctions")
@require("producers.sanction")
def pgs_sanction(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    data = posted()
    kind = data.get("kind")
    common = {
        "reason": data.get("reason"),
        "noncompliance_id": data.get("noncompliance_id"),
        "actor_id": actor_id(),
    }
    if kind == "warning":
        sanctioning.warn(cert, **common)
    elif kind == "suspension":
        sanctioning.suspend(cert, until=data.get("suspended_until"), **common)
    elif kind == "revocation":
        sanctioning.propose_revocation(cert, **common)
    else:
        raise ValidationError(N_("Choose warning, suspension or revocation"), field="kind")
    return done(
        "producers.pgs_certificate", N_("The sanction is recorded."), certificate_id=cert.id
    )


@bp.post("/pgs/certificates/<int:certificate_id>/reinstate")
@require("producers.sanction")
def pgs_reinstate(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    sanctioning.lift_suspension(cert, note=posted().get("note"), actor_id=actor_id())
    return done(
        "producers.pgs_certificate", N_("The suspension is lifted."), certificate_id=cert.id
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/confirm")
@require("producers.sanction")
def pgs_sanction_confirm(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.confirm_revocation(sanction, actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The revocation is confirmed."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/withdraw")
@require("producers.sanction")
def pgs_sanction_withdraw(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.withdraw_revocation(sanction, actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The proposal is withdrawn."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/appeal")
@require("producers.appeal")
def pgs_appeal_lodge(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.lodge_appeal(sanction, grounds=posted().get("grounds"), actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The appeal is lodged."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/appeals/<int:appeal_id>/decide")
@require("producers.sanction")
def pgs_appeal_decide(appeal_id: int):
    appeal = services.get(Appeal, appeal_id)
    data = posted()
    if data.get("outcome") not in ("upheld", "dismissed"):
        raise ValidationError(N_("Choose upheld or dismissed"), field="outcome")
    sanctioning.decide_appeal(
        appeal,
        upheld=data.get("outcome") == "upheld",
        resolution=data.get("resolution"),
        actor_id=actor_id(),
    )
    sanction = services.get(Sanction, appeal.sanction_id)
    return done(
        "producers.pgs_certificate",
        N_("The appeal is decided."),
        certificate_id=sanction.certificate_id,
    )
