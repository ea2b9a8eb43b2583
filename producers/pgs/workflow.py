"""The PGS workflow, each step a recorded, permissioned, audited state change:

pledge -> inspection (team of >= 2 peers, conflicts refused) -> checklist and
joint verdict -> screening (grades non-compliances, cannot decide) -> committee
decision at a meeting with quorum -> certificate; then sanctions and appeals.

Every refused step raises :class:`InvalidTransition` (409) or a validation
error naming the reason. Services flush, never commit.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core import clock
from core.audit.services import record, snapshot
from core.db import db, is_postgres, utcnow
from core.errors import N_, Forbidden, ValidationError
from core.i18n.formatting import typed_year
from core.registry.models import Person
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Membership
from producers.certification import effective_status
from producers.models.pgs import (
    ANSWERS,
    OUTCOMES,
    SEVERITIES,
    Appeal,
    Certificate,
    CertificateEvent,
    CertificatePlot,
    ChecklistAnswer,
    CommitteeMeeting,
    Criterion,
    Decision,
    Farm,
    Inspection,
    InspectionInspector,
    MeetingAttendee,
    NonCompliance,
    Pledge,
    Plot,
    Sanction,
    Standard,
)
from producers.pgs import conflicts
from producers.pgs.services import InvalidTransition, _date, _text, criteria_of, get

MIN_TEAM = 2
CONVERSION_DAYS = 365  # organic only after a full year in conversion
VALIDITY_DAYS = 365
APPEAL_DAYS = 30


def _audit(action: str, obj, actor_id: int | None, before: dict | None = None, **extra) -> None:
    after = snapshot(obj, exclude=("content",))
    after.update(extra)
    record(
        f"producers.{action}",
        actor_id=actor_id,
        target_type=obj.__tablename__,
        target_id=obj.id,
        before=before,
        after=after,
    )


def _lock(obj):
    """Re-read ``obj`` under ``SELECT … FOR UPDATE``: concurrent steps on the
    same row run one after the other, each seeing the state the other left."""
    if is_postgres():
        db.session.refresh(obj, with_for_update=True)
    return obj


def _roles(user_id: int | None) -> set[str]:
    if user_id is None:
        return set()
    m = db.session.scalars(
        sa.select(Membership).where(
            Membership.tenant_id == require_tenant_id(),
            Membership.user_id == user_id,
            Membership.active,
        )
    ).first()
    return set(m.roles) if m else set()


def person_of_user(user_id: int | None) -> Person | None:
    if user_id is None:
        return None
    return db.session.scalars(sa.select(Person).where(Person.user_id == user_id).limit(1)).first()


# --- pledge ----------------------------------------------------------------------


def sign_pledge(
    farm: Farm,
    *,
    standard_id,
    signed_on,
    last_prohibited_input_on=None,
    history: str | None = None,
    actor_id: int | None,
) -> Pledge:
    _lock(farm)
    standard = get(Standard, standard_id, N_("Unknown standard"))
    if standard.status != "active":
        raise InvalidTransition(
            N_("A pledge is signed to the standard in force, not a draft or retired one")
        )
    signed = _date(signed_on, "signed_on")
    if signed is None:
        raise ValidationError(N_("This field is required"), field="signed_on")
    if signed > clock.today():
        raise ValidationError(N_("The date cannot be in the future"), field="signed_on")
    last_input = _date(last_prohibited_input_on, "last_prohibited_input_on")
    if last_input and last_input > signed:
        raise ValidationError(
            N_("The last use of prohibited inputs cannot be after the pledge"),
            field="last_prohibited_input_on",
        )
    if db.session.scalar(
        sa.select(Pledge.id).where(Pledge.farm_id == farm.id, Pledge.standard_id == standard.id)
    ):
        raise InvalidTransition(N_("This farm has already signed the pledge to this standard"))
    pledge = Pledge(
        farm_id=farm.id,
        standard_id=standard.id,
        signed_on=signed,
        last_prohibited_input_on=last_input,
        history=_text(history, "history", required=False, max_len=4000),
        recorded_by_user_id=actor_id,
    )
    db.session.add(pledge)
    before = snapshot(farm)
    start = last_input + timedelta(days=1) if last_input else signed
    if farm.conversion_start is None or start > farm.conversion_start:
        farm.conversion_start = start
    db.session.flush()
    _audit("pledge.sign", pledge, actor_id)
    _audit("farm.conversion_start", farm, actor_id, before)
    return pledge


def has_pledge(farm_id: int) -> bool:
    return bool(db.session.scalar(sa.select(Pledge.id).where(Pledge.farm_id == farm_id).limit(1)))


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
    # typed in either era: 2569 (B.E.) and 2026 (A.D.) are the same cycle
    cycle = typed_year(cycle) if cycle not in (None, "") else (planned or clock.today()).year
    if cycle is None or not 2000 <= cycle <= 2200:
        raise ValidationError(N_("The cycle is a year, e.g. 2569"), field="cycle")
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


# --- screening -------------------------------------------------------------------


def grade(
    inspection: Inspection,
    *,
    criterion_id=None,
    grade: str,
    description: str,
    corrective_action: str,
    due_on,
    actor_id: int | None,
) -> NonCompliance:
    """Screening records a non-compliance: its grade, the corrective action
    and its due date. Screening never decides certification."""
    _require_status(inspection, "submitted")
    if grade not in SEVERITIES:
        raise ValidationError(N_("Choose a severity: minor, major or critical"), field="grade")
    criterion_id = None if criterion_id in (None, "") else criterion_id
    if criterion_id is not None:
        criterion = get(Criterion, criterion_id, N_("Unknown criterion"))
        if criterion.standard_id != inspection.standard_id:
            raise ValidationError(
                N_("This criterion is not part of the inspection's standard"), field="criterion_id"
            )
        criterion_id = criterion.id
    due = _date(due_on, "due_on")
    if due is None:
        raise ValidationError(N_("This field is required"), field="due_on")
    if due < (inspection.inspected_on or clock.today()):
        raise ValidationError(N_("The due date cannot be before the inspection"), field="due_on")
    nc = NonCompliance(
        inspection_id=inspection.id,
        farm_id=inspection.farm_id,
        criterion_id=criterion_id,
        grade=grade,
        description=_text(description, "description", max_len=4000),
        corrective_action=_text(corrective_action, "corrective_action", max_len=4000),
        due_on=due,
        status="open",
        opened_on=clock.today(),
    )
    db.session.add(nc)
    db.session.flush()
    _audit("noncompliance.grade", nc, actor_id)
    return nc


def noncompliances_of(
    *, inspection_id: int | None = None, farm_id: int | None = None
) -> list[NonCompliance]:
    query = sa.select(NonCompliance).order_by(NonCompliance.id)
    if inspection_id is not None:
        query = query.where(NonCompliance.inspection_id == inspection_id)
    if farm_id is not None:
        query = query.where(NonCompliance.farm_id == farm_id)
    return list(db.session.scalars(query))


def complete_screening(
    inspection: Inspection, *, note: str | None = None, actor_id: int | None
) -> Inspection:
    _require_status(inspection, "submitted")
    graded = {nc.criterion_id for nc in noncompliances_of(inspection_id=inspection.id)}
    failed = [a.criterion_id for a in answers_of(inspection.id).values() if a.result == "fail"]
    if any(c not in graded for c in failed):
        raise InvalidTransition(
            N_("Every failed criterion needs a graded non-compliance before screening ends")
        )
    before = snapshot(inspection)
    inspection.status = "screened"
    inspection.screened_at = utcnow()
    inspection.screened_by_user_id = actor_id
    inspection.screening_note = _text(note, "note", required=False, max_len=4000)
    db.session.flush()
    _audit("inspection.screen", inspection, actor_id, before)
    return inspection


def close_noncompliance(
    nc: NonCompliance, *, note: str, closed_on=None, actor_id: int | None
) -> NonCompliance:
    _lock(nc)
    if nc.status != "open":
        raise InvalidTransition(N_("This non-compliance is already closed"))
    day = _date(closed_on, "closed_on") or clock.today()
    if day < nc.opened_on or day > clock.today():
        raise ValidationError(
            N_("The closing date must be between opening and today"), field="closed_on"
        )
    before = snapshot(nc)
    nc.status, nc.closed_on, nc.closed_by_user_id = "closed", day, actor_id
    nc.closing_note = _text(note, "note", max_len=4000)
    db.session.flush()
    _audit("noncompliance.close", nc, actor_id, before)
    return nc


# --- committee -------------------------------------------------------------------


def open_meeting(
    *, held_on, quorum, place: str | None = None, actor_id: int | None
) -> CommitteeMeeting:
    day = _date(held_on, "held_on")
    if day is None:
        raise ValidationError(N_("This field is required"), field="held_on")
    try:
        quorum = int(quorum)
    except (TypeError, ValueError):
        raise ValidationError(
            N_("The quorum is a whole number of at least 2"), field="quorum"
        ) from None
    if not 2 <= quorum <= 100:
        raise ValidationError(N_("The quorum is a whole number of at least 2"), field="quorum")
    meeting = CommitteeMeeting(
        held_on=day,
        quorum=quorum,
        place=_text(place, "place", required=False),
        status="open",
        created_by_user_id=actor_id,
    )
    db.session.add(meeting)
    db.session.flush()
    _audit("meeting.open", meeting, actor_id)
    return meeting


def attendees_of(meeting_id: int) -> list[MeetingAttendee]:
    return list(
        db.session.scalars(
            sa.select(MeetingAttendee)
            .where(MeetingAttendee.meeting_id == meeting_id)
            .order_by(MeetingAttendee.id)
        )
    )


def add_attendee(meeting: CommitteeMeeting, user_id, *, actor_id: int | None) -> MeetingAttendee:
    _lock(meeting)
    if meeting.status != "open":
        raise InvalidTransition(N_("The meeting is closed"))
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise ValidationError(N_("Choose a committee member"), field="user_id") from None
    if "committee" not in _roles(user_id):
        raise ValidationError(
            N_("Only committee members count towards the quorum"), field="user_id"
        )
    if db.session.scalar(
        sa.select(MeetingAttendee.id).where(
            MeetingAttendee.meeting_id == meeting.id, MeetingAttendee.user_id == user_id
        )
    ):
        raise InvalidTransition(N_("This member is already recorded as present"))
    from core.auth.models import User

    user = db.session.get(User, user_id)
    attendee = MeetingAttendee(
        meeting_id=meeting.id,
        user_id=user_id,
        name=(user.display_name or user.email or str(user_id))[:200],
    )
    db.session.add(attendee)
    db.session.flush()
    _audit("meeting.attendee", meeting, actor_id, user_id=user_id)
    return attendee


def close_meeting(
    meeting: CommitteeMeeting, *, minutes: str | None = None, actor_id: int | None
) -> CommitteeMeeting:
    _lock(meeting)
    if meeting.status != "open":
        raise InvalidTransition(N_("The meeting is closed"))
    before = snapshot(meeting)
    meeting.status = "closed"
    meeting.minutes = _text(minutes, "minutes", required=False, max_len=20000)
    db.session.flush()
    _audit("meeting.close", meeting, actor_id, before)
    return meeting


def decide(
    meeting: CommitteeMeeting,
    inspection: Inspection,
    *,
    outcome: str,
    reason: str | None = None,
    scope: dict[int, list[str]] | None = None,
    actor_id: int | None,
) -> Decision:
    """The committee's decision on a screened inspection, at an open meeting
    with its quorum present: organic, in conversion (both issue a certificate
    for ``scope``: plot id -> crops, empty = all crops) or deferred."""
    if meeting.status != "open":
        raise InvalidTransition(N_("The meeting is closed"))
    present = attendees_of(meeting.id)
    if actor_id not in {a.user_id for a in present}:
        raise Forbidden(
            N_("Only a committee member present at the meeting can record its decision")
        )
    if len(present) < meeting.quorum:
        raise InvalidTransition(
            N_("The meeting has no quorum: %(present)s present, %(quorum)s needed"),
            present=len(present),
            quorum=meeting.quorum,
        )
    _require_status(inspection, "screened")
    if outcome not in OUTCOMES:
        raise ValidationError(N_("Choose organic, in conversion or deferred"), field="outcome")
    farm = db.session.get(Farm, inspection.farm_id)
    plots: dict[int, list[str]] = {}
    if outcome != "deferred":
        if inspection.verdict != "pass":
            raise InvalidTransition(N_("The inspection did not pass: the committee can only defer"))
        conflicts.check_team(inspection)
        open_critical = db.session.scalar(
            sa.select(NonCompliance.id).where(
                NonCompliance.farm_id == farm.id,
                NonCompliance.status == "open",
                NonCompliance.grade == "critical",
            )
        )
        if open_critical:
            raise InvalidTransition(
                N_("A critical non-compliance is still open: the committee can only defer")
            )
        if outcome == "organic" and (
            farm.conversion_start is None
            or (meeting.held_on - farm.conversion_start).days < CONVERSION_DAYS
        ):
            raise InvalidTransition(
                N_("The conversion period is not over: certify in conversion, or defer")
            )
        plots = _scope(farm, scope)
    elif not _text(reason, "reason", required=False):
        raise ValidationError(N_("Give the reason for deferring"), field="reason")
    before = snapshot(inspection)
    decision = Decision(
        meeting_id=meeting.id,
        inspection_id=inspection.id,
        farm_id=farm.id,
        outcome=outcome,
        reason=_text(reason, "reason", required=False, max_len=4000),
        present_count=len(present),
        decided_by_user_id=actor_id,
    )
    db.session.add(decision)
    inspection.status = "decided"
    db.session.flush()
    _audit("decision.record", decision, actor_id)
    _audit("inspection.decide", inspection, actor_id, before)
    if outcome != "deferred":
        issue_certificate(
            decision,
            farm,
            level=outcome,
            scope=plots,
            valid_from=meeting.held_on,
            standard_id=inspection.standard_id,
            actor_id=actor_id,
        )
    return decision


def _scope(farm: Farm, scope: dict[int, list[str]] | None) -> dict[int, list[str]]:
    farm_plots = {
        p.id
        for p in db.session.scalars(sa.select(Plot).where(Plot.farm_id == farm.id, Plot.active))
    }
    if not scope:
        scope = {pid: [] for pid in farm_plots}
    out: dict[int, list[str]] = {}
    for pid, crops in scope.items():
        try:
            pid = int(pid)
        except (TypeError, ValueError):
            raise ValidationError(N_("Choose plots of this farm"), field="plots") from None
        if pid not in farm_plots:
            raise ValidationError(N_("Choose plots of this farm"), field="plots")
        out[pid] = sorted({str(c).strip()[:100] for c in (crops or []) if str(c).strip()})
    if not out:
        raise InvalidTransition(N_("A certificate needs at least one plot of the farm"))
    return out


def _next_number(year: int) -> str:
    if is_postgres():  # one numbering at a time per tenant and year
        db.session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:k)"),
            {"k": 7_300_000_000 + require_tenant_id() * 10_000 + year % 10_000},
        )
    prefix = f"PGS-{year}-"
    numbers = db.session.scalars(
        sa.select(Certificate.number).where(Certificate.number.like(prefix + "%"))
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _event(
    cert: Certificate,
    kind: str,
    status_after: str,
    *,
    effective_on: date,
    note: str | None = None,
    suspended_until: date | None = None,
    actor_id: int | None,
) -> None:
    db.session.add(
        CertificateEvent(
            certificate_id=cert.id,
            kind=kind,
            status_after=status_after,
            effective_on=effective_on,
            note=note,
            suspended_until=suspended_until,
            user_id=actor_id,
        )
    )


def issue_certificate(
    decision: Decision,
    farm: Farm,
    *,
    level: str,
    scope: dict[int, list[str]],
    valid_from: date,
    standard_id: int | None,
    actor_id: int | None,
) -> Certificate:
    for old in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.farm_id == farm.id, Certificate.status.in_(("active", "suspended"))
        )
    ):
        old_before = snapshot(old)
        old.status = "expired"
        old.suspended_until = None
        db.session.flush()
        _event(old, "superseded", "expired", effective_on=valid_from, actor_id=actor_id)
        _audit("certificate.supersede", old, actor_id, old_before)
    cert = Certificate(
        farm_id=farm.id,
        decision_id=decision.id,
        standard_id=standard_id,
        number=_next_number(valid_from.year),
        level=level,
        status="active",
        valid_from=valid_from,
        valid_until=valid_from + timedelta(days=VALIDITY_DAYS - 1),
    )
    db.session.add(cert)
    db.session.flush()
    for plot_id, crops in scope.items():
        db.session.add(CertificatePlot(certificate_id=cert.id, plot_id=plot_id, crops=crops))
    _event(cert, "issued", "active", effective_on=valid_from, actor_id=actor_id)
    db.session.flush()
    _audit("certificate.issue", cert, actor_id, scope={str(k): v for k, v in scope.items()})
    return cert


def scope_of(certificate_id: int) -> list[CertificatePlot]:
    return list(
        db.session.scalars(
            sa.select(CertificatePlot)
            .where(CertificatePlot.certificate_id == certificate_id)
            .order_by(CertificatePlot.plot_id)
        )
    )


# --- sanctions and appeals -------------------------------------------------------


def _now_status(cert: Certificate) -> str:
    return effective_status(cert, clock.today())[0]


def _committee(actor_id: int | None) -> None:
    if "committee" not in _roles(actor_id):
        raise Forbidden(N_("Only a committee member can do this"))


def warn(
    cert: Certificate, *, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    if _now_status(cert) not in ("active", "suspended"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    sanction = Sanction(
        certificate_id=cert.id,
        kind="warning",
        status="in_force",
        reason=_text(reason, "reason", max_len=4000),
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
        effective_on=clock.today(),
    )
    db.session.add(sanction)
    db.session.flush()
    _audit("sanction.warning", sanction, actor_id)
    return sanction


def _nc_id(value, cert: Certificate) -> int | None:
    if value in (None, ""):
        return None
    nc = get(NonCompliance, value, N_("Unknown non-compliance"))
    if nc.farm_id != cert.farm_id:
        raise ValidationError(
            N_("This non-compliance belongs to another farm"), field="noncompliance_id"
        )
    return nc.id


def suspend(
    cert: Certificate, *, until, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    status = _now_status(cert)
    if status != "active":
        raise InvalidTransition(N_("Only an active certificate can be suspended"))
    day = _date(until, "suspended_until")
    if day is None or day <= clock.today():
        raise ValidationError(
            N_("A suspension lasts until a date after today"), field="suspended_until"
        )
    if day > cert.valid_until:
        raise ValidationError(
            N_("A suspension cannot last beyond the certificate's validity"),
            field="suspended_until",
        )
    sanction = Sanction(
        certificate_id=cert.id,
        kind="suspension",
        status="in_force",
        reason=_text(reason, "reason", max_len=4000),
        suspended_until=day,
        status_before=status,
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
        effective_on=clock.today(),
    )
    db.session.add(sanction)
    before = snapshot(cert)
    cert.status, cert.suspended_until = "suspended", day
    db.session.flush()
    _event(
        cert,
        "suspended",
        "suspended",
        effective_on=clock.today(),
        suspended_until=day,
        actor_id=actor_id,
    )
    _audit("sanction.suspension", sanction, actor_id)
    _audit("certificate.suspend", cert, actor_id, before)
    return sanction


def lift_suspension(
    cert: Certificate, *, note: str | None = None, actor_id: int | None, system: bool = False
) -> None:
    if not system:
        _committee(actor_id)
    _lock(cert)
    if cert.status != "suspended":
        raise InvalidTransition(N_("This certificate is not suspended"))
    before = snapshot(cert)
    today = clock.today()
    cert.status, cert.suspended_until = ("expired" if today > cert.valid_until else "active"), None
    for s in db.session.scalars(
        sa.select(Sanction).where(
            Sanction.certificate_id == cert.id,
            Sanction.kind == "suspension",
            Sanction.status == "in_force",
        )
    ):
        s.status = "lifted"
    db.session.flush()
    _event(cert, "reinstated", cert.status, effective_on=today, note=note, actor_id=actor_id)
    _audit("certificate.reinstate", cert, actor_id, before)


def propose_revocation(
    cert: Certificate, *, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    if _now_status(cert) in ("revoked", "expired"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    if db.session.scalar(
        sa.select(Sanction.id).where(
            Sanction.certificate_id == cert.id,
            Sanction.kind == "revocation",
            Sanction.status == "proposed",
        )
    ):
        raise InvalidTransition(
            N_("A revocation of this certificate is already waiting for confirmation")
        )
    sanction = Sanction(
        certificate_id=cert.id,
        kind="revocation",
        status="proposed",
        reason=_text(reason, "reason", max_len=4000),
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
    )
    db.session.add(sanction)
    db.session.flush()
    _audit("sanction.revocation_proposed", sanction, actor_id)
    return sanction


def confirm_revocation(sanction: Sanction, *, actor_id: int | None) -> Sanction:
    """A second committee member confirms; only then is the certificate revoked."""
    _committee(actor_id)
    _lock(sanction)
    if sanction.kind != "revocation" or sanction.status != "proposed":
        raise InvalidTransition(N_("Only a proposed revocation can be confirmed"))
    if sanction.proposed_by_user_id == actor_id:
        raise InvalidTransition(N_("A revocation must be confirmed by a second committee member"))
    cert = db.session.get(Certificate, sanction.certificate_id)
    status = _now_status(cert)
    if status in ("revoked", "expired"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    before = snapshot(sanction)
    cert_before = snapshot(cert)
    sanction.status, sanction.confirmed_by_user_id = "in_force", actor_id
    sanction.status_before, sanction.effective_on = status, clock.today()
    cert.status, cert.suspended_until = "revoked", None
    db.session.flush()
    _event(cert, "revoked", "revoked", effective_on=clock.today(), actor_id=actor_id)
    _audit("sanction.revocation_confirmed", sanction, actor_id, before)
    _audit("certificate.revoke", cert, actor_id, cert_before)
    return sanction


def withdraw_revocation(sanction: Sanction, *, actor_id: int | None) -> Sanction:
    _committee(actor_id)
    _lock(sanction)
    if sanction.kind != "revocation" or sanction.status != "proposed":
        raise InvalidTransition(N_("Only a proposed revocation can be withdrawn"))
    before = snapshot(sanction)
    sanction.status = "withdrawn"
    db.session.flush()
    _audit("sanction.withdraw", sanction, actor_id, before)
    return sanction


def lodge_appeal(sanction: Sanction, *, grounds: str, actor_id: int | None) -> Appeal:
    _lock(sanction)
    if sanction.status != "in_force":
        raise InvalidTransition(N_("Only a sanction in force can be appealed"))
    if sanction.effective_on and (clock.today() - sanction.effective_on).days > APPEAL_DAYS:
        raise InvalidTransition(
            N_("The time to appeal (%(days)s days) has passed"), days=APPEAL_DAYS
        )
    if db.session.scalar(
        sa.select(Appeal.id).where(Appeal.sanction_id == sanction.id, Appeal.status == "open")
    ):
        raise InvalidTransition(N_("An appeal against this sanction is already open"))
    appeal = Appeal(
        sanction_id=sanction.id,
        lodged_on=clock.today(),
        grounds=_text(grounds, "grounds", max_len=4000),
        status="open",
        lodged_by_user_id=actor_id,
    )
    db.session.add(appeal)
    db.session.flush()
    _audit("appeal.lodge", appeal, actor_id)
    return appeal


def decide_appeal(appeal: Appeal, *, upheld: bool, resolution: str, actor_id: int | None) -> Appeal:
    """Upheld: the sanction is overturned and the certificate restored.
    Decided by a committee member who neither proposed nor confirmed it."""
    _committee(actor_id)
    _lock(appeal)
    if appeal.status != "open":
        raise InvalidTransition(N_("This appeal has already been decided"))
    sanction = db.session.get(Sanction, appeal.sanction_id)
    if actor_id in (sanction.proposed_by_user_id, sanction.confirmed_by_user_id):
        raise InvalidTransition(N_("A member who imposed the sanction cannot decide its appeal"))
    before = snapshot(appeal)
    appeal.status = "upheld" if upheld else "dismissed"
    appeal.resolution = _text(resolution, "resolution", max_len=4000)
    appeal.decided_by_user_id, appeal.decided_on = actor_id, clock.today()
    if upheld:
        sanction.status = "overturned"
        cert = db.session.get(Certificate, sanction.certificate_id)
        if sanction.kind in ("suspension", "revocation") and cert.status in (
            "suspended",
            "revoked",
        ):
            cert_before = snapshot(cert)
            today = clock.today()
            cert.status = "expired" if today > cert.valid_until else "active"
            cert.suspended_until = None
            db.session.flush()
            _event(cert, "appeal_upheld", cert.status, effective_on=today, actor_id=actor_id)
            _audit("certificate.restore", cert, actor_id, cert_before)
    db.session.flush()
    _audit("appeal.decide", appeal, actor_id, before)
    return appeal


# --- time ------------------------------------------------------------------------


def expire_due(today: date | None = None) -> int:
    """Certificates past their validity become expired; suspensions past their
    date end. Safe to run twice. Returns how many certificates changed."""
    today = today or clock.today()
    changed = 0
    for cert in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.status.in_(("active", "suspended")), Certificate.valid_until < today
        )
    ):
        before = snapshot(cert)
        cert.status, cert.suspended_until = "expired", None
        db.session.flush()
        _event(
            cert,
            "expired",
            "expired",
            effective_on=cert.valid_until + timedelta(days=1),
            actor_id=None,
        )
        _audit("certificate.expire", cert, None, before)
        changed += 1
    for cert in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.status == "suspended", Certificate.suspended_until < today
        )
    ):
        lift_suspension(cert, note="suspension period over", actor_id=None, system=True)
        changed += 1
    db.session.flush()
    return changed
