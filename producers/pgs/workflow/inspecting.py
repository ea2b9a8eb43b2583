"""Peer inspection: planning it, its team (at least two peers, conflicts
refused), the checklist answers and the joint verdict."""

from __future__ import annotations

import sqlalchemy as sa

from core import clock
from core.audit.services import snapshot
from core.db import db
from core.errors import N_, Forbidden, ValidationError
from core.registry.models import Person
from core.tenancy.context import require_tenant_id
from producers.models.pgs import (
    ANSWERS,
    ChecklistAnswer,
    Criterion,
    Farm,
    Inspection,
    InspectionInspector,
    Pledge,
    Standard,
)
from producers.pgs import conflicts, years
from producers.pgs.services import InvalidTransition, _date, _text, criteria_of, get
from producers.pgs.workflow import (
    MIN_TEAM,
    _audit,
    _lock,
    person_of_user,
)
from producers.pgs.workflow.pledging import has_pledge

# --- inspection ------------------------------------------------------------------


def plan_inspection(farm: Farm, *, cycle=None, planned_on=None, actor_id: int | None) -> Inspection:
    _lock(farm)
    if not has_pledge(farm.id):
        raise InvalidTransition(N_("The farm must sign the pledge before it is inspected"))
    pledge_standard = db.session.scalar(
        sa.select(Pledge.standard_id)
        .where(Pledge.farm_id == farm.id)
        .order_by(Pledge.signed_on.desc(), Pledge.id.desc())
        .limit(1)
    )
    standard = db.session.get(Standard, pledge_standard)
    if standard.status != "active":
        active = db.session.scalars(
            sa.select(Standard).where(Standard.code == standard.code, Standard.status == "active")
        ).first()
        standard = active or standard
    planned = _date(planned_on, "planned_on")
    cycle = years.parse_cycle(cycle) or (planned or clock.today()).year
    open_one = db.session.scalar(
        sa.select(Inspection.id).where(
            Inspection.farm_id == farm.id,
            Inspection.cycle == cycle,
            Inspection.status.in_(("planned", "submitted", "screened")),
        )
    )
    if open_one:
        raise InvalidTransition(N_("This farm already has an open inspection in this cycle"))
    inspection = Inspection(
        farm_id=farm.id,
        standard_id=standard.id,
        cycle=cycle,
        planned_on=planned,
        status="planned",
        created_by_user_id=actor_id,
    )
    db.session.add(inspection)
    db.session.flush()
    _audit("inspection.plan", inspection, actor_id)
    return inspection


def team_of(inspection_id: int) -> list[InspectionInspector]:
    return list(
        db.session.scalars(
            sa.select(InspectionInspector)
            .where(InspectionInspector.inspection_id == inspection_id)
            .order_by(InspectionInspector.id)
        )
    )


def _require_status(inspection: Inspection, *statuses: str) -> None:
    _lock(inspection)
    if inspection.status in statuses:
        return
    messages = {
        "cancelled": N_("This inspection was cancelled"),
        "decided": N_("The committee has already decided on this inspection"),
        "screened": N_("This inspection has already been screened"),
        "submitted": N_("The team has already submitted this inspection"),
        "planned": N_("The team has not submitted this inspection yet"),
    }
    raise InvalidTransition(messages[inspection.status])


def add_inspector(
    inspection: Inspection, person_id, *, actor_id: int | None
) -> InspectionInspector:
    _require_status(inspection, "planned")
    person = get(Person, person_id, N_("Unknown person"))
    if not conflicts.is_inspector(person, require_tenant_id()):
        raise ValidationError(
            N_("This person is not an inspector of the network"), field="person_id"
        )
    if db.session.scalar(
        sa.select(InspectionInspector.id).where(
            InspectionInspector.inspection_id == inspection.id,
            InspectionInspector.person_id == person.id,
        )
    ):
        raise InvalidTransition(N_("This inspector is already on the team"))
    conflicts.check_inspection(inspection, person)
    member = InspectionInspector(inspection_id=inspection.id, person_id=person.id)
    db.session.add(member)
    for other in team_of(inspection.id):  # a new member reopens the sign-off
        other.verdict = None
    db.session.flush()
    _audit("inspection.add_inspector", inspection, actor_id, person_id=person.id)
    return member


def remove_inspector(inspection: Inspection, person_id, *, actor_id: int | None) -> None:
    _require_status(inspection, "planned")
    member = db.session.scalars(
        sa.select(InspectionInspector).where(
            InspectionInspector.inspection_id == inspection.id,
            InspectionInspector.person_id == person_id,
        )
    ).first()
    if member is None:
        raise ValidationError(N_("This inspector is not on the team"), field="person_id")
    db.session.delete(member)
    for other in team_of(inspection.id):
        other.verdict = None
    db.session.flush()
    _audit("inspection.remove_inspector", inspection, actor_id, person_id=member.person_id)


def _team_member(inspection: Inspection, actor_id: int | None) -> InspectionInspector:
    person = person_of_user(actor_id)
    member = None
    if person is not None:
        member = db.session.scalars(
            sa.select(InspectionInspector).where(
                InspectionInspector.inspection_id == inspection.id,
                InspectionInspector.person_id == person.id,
            )
        ).first()
    if member is None:
        raise Forbidden(N_("Only an inspector on this inspection's team can do this"))
    return member


def require_answering(inspection: Inspection, actor_id: int | None) -> InspectionInspector:
    """The actor, on the team of this still planned inspection, may answer it."""
    _require_status(inspection, "planned")
    return _team_member(inspection, actor_id)


def answer(
    inspection: Inspection,
    *,
    criterion_id,
    result: str,
    note: str | None = None,
    photo: tuple[bytes, str | None] | None = None,
    actor_id: int | None,
) -> ChecklistAnswer:
    """Answer one criterion (pass / fail / na), with a note and a photo;
    answering again replaces the answer and reopens the team's sign-off."""
    _require_status(inspection, "planned")
    _team_member(inspection, actor_id)
    criterion = get(Criterion, criterion_id, N_("Unknown criterion"))
    if criterion.standard_id != inspection.standard_id:
        raise ValidationError(
            N_("This criterion is not part of the inspection's standard"), field="criterion_id"
        )
    if result not in ANSWERS:
        raise ValidationError(N_("Answer pass, fail or not applicable"), field="result")
    note = _text(note, "note", required=False, max_len=4000)
    if result == "fail" and not note:
        raise ValidationError(N_("Say what was seen when a criterion fails"), field="note")
    row = db.session.scalars(
        sa.select(ChecklistAnswer).where(
            ChecklistAnswer.inspection_id == inspection.id,
            ChecklistAnswer.criterion_id == criterion.id,
        )
    ).first()
    before = snapshot(row) if row else None
    if row is None:
        row = ChecklistAnswer(inspection_id=inspection.id, criterion_id=criterion.id, result=result)
        db.session.add(row)
    row.result, row.note, row.answered_by_user_id = result, note, actor_id
    db.session.flush()
    if photo is not None and photo[0]:
        from core.documents.services import store

        document = store(
            photo[0],
            photo[1],
            "photo",
            actor_id=actor_id,
            target_type="producer_checklist_answer",
            target_id=row.id,
        )
        row.photo_document_id = document.id
    for member in team_of(inspection.id):
        member.verdict = None
    db.session.flush()
    _audit("inspection.answer", row, actor_id, before)
    return row


def answers_of(inspection_id: int) -> dict[int, ChecklistAnswer]:
    return {
        a.criterion_id: a
        for a in db.session.scalars(
            sa.select(ChecklistAnswer).where(ChecklistAnswer.inspection_id == inspection_id)
        )
    }


def missing_answers(inspection: Inspection) -> list:
    answered = answers_of(inspection.id)
    return [c for c in criteria_of(inspection.standard_id) if c.id not in answered]


def sign_verdict(
    inspection: Inspection,
    *,
    verdict: str,
    inspected_on=None,
    summary: str | None = None,
    actor_id: int | None,
) -> Inspection:
    """An inspector signs the team's verdict. When every member has signed the
    same verdict the inspection is submitted with it (the joint verdict)."""
    _require_status(inspection, "planned")
    member = _team_member(inspection, actor_id)
    if verdict not in ("pass", "fail"):
        raise ValidationError(N_("The verdict is pass or fail"), field="verdict")
    team = team_of(inspection.id)
    if len(team) < MIN_TEAM:
        raise InvalidTransition(N_("An inspection needs a team of at least two inspectors"))
    if missing_answers(inspection):
        raise InvalidTransition(N_("Answer every criterion of the checklist before the verdict"))
    conflicts.check_team(inspection)
    day = _date(inspected_on, "inspected_on") or inspection.inspected_on or clock.today()
    if day > clock.today():
        raise ValidationError(N_("The date cannot be in the future"), field="inspected_on")
    before = snapshot(inspection)
    inspection.inspected_on = day
    summary = _text(summary, "summary", required=False, max_len=4000)
    if summary:
        inspection.summary = summary
    member.verdict = verdict
    db.session.flush()
    verdicts = {m.verdict for m in team}
    if None not in verdicts and len(verdicts) == 1:
        inspection.status, inspection.verdict, inspection.submitted_by_user_id = (
            "submitted",
            verdict,
            actor_id,
        )
        db.session.flush()
        _audit("inspection.submit", inspection, actor_id, before)
    else:
        _audit("inspection.sign", inspection, actor_id, before, verdict=verdict)
    return inspection


def team_disagrees(inspection: Inspection) -> bool:
    verdicts = [m.verdict for m in team_of(inspection.id)]
    return None not in verdicts and len(set(verdicts)) > 1


def cancel_inspection(inspection: Inspection, *, reason: str, actor_id: int | None) -> Inspection:
    _require_status(inspection, "planned", "submitted", "screened")
    before = snapshot(inspection)
    inspection.status = "cancelled"
    inspection.summary = _text(reason, "reason", max_len=2000)
    db.session.flush()
    _audit("inspection.cancel", inspection, actor_id, before)
    return inspection
