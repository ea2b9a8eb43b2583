"""The committee: meetings with quorum, the decision on a farm, and the
certificate it issues with its plots and events."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.audit.services import snapshot
from core.db import db, is_postgres
from core.errors import N_, Forbidden, ValidationError
from core.tenancy.context import require_tenant_id
from producers.models.pgs import (
    OUTCOMES,
    Certificate,
    CertificateEvent,
    CertificatePlot,
    CommitteeMeeting,
    Decision,
    Farm,
    Inspection,
    MeetingAttendee,
    NonCompliance,
    Plot,
)
from producers.pgs import conflicts
from producers.pgs.services import InvalidTransition, _date, _text
from producers.pgs.workflow import (
    CONVERSION_DAYS,
    VALIDITY_DAYS,
    _audit,
    _lock,
    _roles,
)
from producers.pgs.workflow.inspecting import _require_status

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
