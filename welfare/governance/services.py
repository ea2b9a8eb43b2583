"""Meetings, resolutions, signatories and the approval policy."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record, snapshot
from core.auth.models import User
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.forms.parse import digits
from core.i18n.formatting import BE_OFFSET, format_date
from core.ledger import services as ledger
from core.tenancy.models import Membership
from welfare.governance import errors
from welfare.governance.disbursements import get_resolution
from welfare.models.governance import (
    MEETING_KINDS,
    RESOLUTION_KINDS,
    ApprovalPolicy,
    Meeting,
    Resolution,
    Signatory,
)


class MeetingNotFound(NotFound):
    code = "welfare_meeting_not_found"
    message = N_("Meeting not found")


class MeetingOfAnotherFund(ValidationError):
    code = "welfare_meeting_other_fund"
    message = N_("This meeting belongs to another fund")


class QuorumNotMet(Conflict):
    code = "welfare_quorum_not_met"
    message = N_("The meeting did not reach its quorum (%(attended)s of %(eligible)s, %(percent)s%% needed); it cannot pass resolutions")


class SignatoryNotMember(ValidationError):
    code = "welfare_signatory_not_member"
    message = N_("A signatory must be an active member of this organisation")


class SignatoryExists(Conflict):
    code = "welfare_signatory_exists"
    message = N_("This person is already a signatory of the fund")


class RequiredOutOfRange(ValidationError):
    code = "welfare_required_range"
    message = N_("The number of approvals needed must be at least 1 and at most the number of signatories (%(count)s)")


def _text(value, field: str, message: str, limit: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message, field=field)
    if len(value) > limit:
        raise ValidationError(N_("This is too long (%(limit)s characters at most)"), field=field, limit=limit)
    return value


def _count(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 1_000_000:
        raise ValidationError(N_("Enter a whole number, zero or more"), field=field)
    return value


def get_meeting(meeting_id: int) -> Meeting:
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.id == meeting_id))
    if meeting is None:
        raise MeetingNotFound()
    return meeting


def create_meeting(
    *, fund_id: int, held_on: date, kind: str, title: str, attendees: str = "",
    attendee_count: int | None = None, eligible_count: int = 0, quorum_percent: int = 50,
    minutes: str = "", actor_id: int | None = None,
) -> Meeting:
    from welfare.funds.services import get_fund

    fund = get_fund(fund_id)
    if kind not in MEETING_KINDS:
        raise ValidationError(N_("Choose a kind of meeting"), field="kind")
    if not isinstance(held_on, date):
        raise ValidationError(N_("Enter a date"), field="held_on")
    today = ledger.today()
    if held_on > today:
        raise errors.MeetingInFuture(today=format_date(today), field="held_on")
    title = _text(title, "title", N_("Give the meeting a title"))
    names = [n.strip() for n in (attendees or "").splitlines() if n.strip()]
    attendee_count = _count(len(names) if attendee_count is None else attendee_count, "attendee_count")
    eligible_count = _count(eligible_count, "eligible_count")
    if attendee_count > eligible_count:
        raise ValidationError(N_("More people attended than were eligible to attend"), field="attendee_count")
    if isinstance(quorum_percent, bool) or not isinstance(quorum_percent, int) or not 1 <= quorum_percent <= 100:
        raise ValidationError(N_("The quorum is a percentage from 1 to 100"), field="quorum_percent")
    meeting = Meeting(
        fund_id=fund.id, held_on=held_on, kind=kind, title=title, attendees="\n".join(names),
        attendee_count=attendee_count, eligible_count=eligible_count, quorum_percent=quorum_percent,
        minutes=(minutes or "").strip(), created_by=actor_id,
    )
    db.session.add(meeting)
    db.session.flush()
    record("welfare.meeting.create", actor_id=actor_id, target_type="welfare_meeting", target_id=meeting.id,
           after=snapshot(meeting, exclude=("attendees", "minutes")))
    return meeting


def list_meetings(fund_id: int | None = None) -> list[Meeting]:
    stmt = sa.select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if fund_id is not None:
        stmt = stmt.where(Meeting.fund_id == fund_id)
    return list(db.session.scalars(stmt))


def create_resolution(
    *, meeting_id: int, kind: str, amount_cap_satang: int, purpose: str, valid_until: date | None = None,
    number: str = "", fund_id: int | None = None, actor_id: int | None = None,
) -> Resolution:
    meeting = get_meeting(meeting_id)
    if fund_id is not None and meeting.fund_id != fund_id:
        raise MeetingOfAnotherFund(field="meeting_id")
    if meeting.held_on > ledger.today():
        raise errors.ResolutionMeetingInFuture(date=format_date(meeting.held_on), field="meeting_id")
    if not meeting.quorum_met:
        raise QuorumNotMet(attended=meeting.attendee_count, eligible=meeting.eligible_count,
                           percent=meeting.quorum_percent)
    if kind not in RESOLUTION_KINDS:
        raise ValidationError(N_("Choose a kind of resolution"), field="kind")
    if isinstance(amount_cap_satang, bool) or not isinstance(amount_cap_satang, int) or amount_cap_satang <= 0:
        raise errors.AmountNotPositive(field="amount_cap")
    purpose = _text(purpose, "purpose", N_("Say what the resolution is for"), limit=2000)
    if valid_until is not None and valid_until < meeting.held_on:
        raise ValidationError(N_("A resolution cannot expire before the meeting that passed it"), field="valid_until")
    number = clean_number(number)
    year = meeting.held_on.year
    taken = errors.ResolutionNumberTaken(number=number, year=year + BE_OFFSET, field="number")
    if number and db.session.scalar(sa.select(Resolution.id).where(
            Resolution.fund_id == meeting.fund_id, Resolution.year == year, Resolution.number == number)):
        raise taken
    resolution = Resolution(
        fund_id=meeting.fund_id, meeting_id=meeting.id, kind=kind, amount_cap_satang=amount_cap_satang,
        used_satang=0, purpose=purpose, valid_until=valid_until, number=number, year=year,
        status="active",
    )
    try:
        with db.session.begin_nested():  # a number taken by a racing request
            db.session.add(resolution)
            db.session.flush()
    except IntegrityError:
        raise taken from None
    record("welfare.resolution.create", actor_id=actor_id, target_type="welfare_resolution",
           target_id=resolution.id, after=snapshot(resolution))
    return resolution




def clean_number(number) -> str:
    """A resolution number as it is compared: Thai digits as Arabic ones, no
    spaces (" ๓ / ๒๕๖๙" is "3/2569")."""
    return "".join(digits(number).split())[:40]


def revoke_resolution(resolution_id: int, *, actor_id: int | None = None) -> Resolution:
    resolution = get_resolution(resolution_id)
    resolution.status = "revoked"
    db.session.flush()
    record("welfare.resolution.revoke", actor_id=actor_id, target_type="welfare_resolution",
           target_id=resolution.id)
    return resolution


def list_resolutions(fund_id: int | None = None, meeting_id: int | None = None) -> list[Resolution]:
    stmt = sa.select(Resolution).order_by(Resolution.id.desc())
    if fund_id is not None:
        stmt = stmt.where(Resolution.fund_id == fund_id)
    if meeting_id is not None:
        stmt = stmt.where(Resolution.meeting_id == meeting_id)
    return list(db.session.scalars(stmt))


def add_signatory(
    *, fund_id: int, user_id: int, valid_from: date, valid_until: date | None = None,
    actor_id: int | None = None, tenant_id: int,
) -> Signatory:
    from welfare.funds.services import get_fund

    fund = get_fund(fund_id)
    member = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == user_id, Membership.tenant_id == tenant_id,
                                    Membership.active)
    )
    if member is None or db.session.get(User, user_id) is None:
        raise SignatoryNotMember(field="user_id")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(N_("The end of the validity cannot be before its start"), field="valid_until")
    if db.session.scalar(sa.select(Signatory.id).where(Signatory.fund_id == fund.id,
                                                       Signatory.user_id == user_id)):
        raise SignatoryExists(field="user_id")
    signatory = Signatory(fund_id=fund.id, user_id=user_id, valid_from=valid_from, valid_until=valid_until,
                          active=True)
    db.session.add(signatory)
    db.session.flush()
    record("welfare.signatory.add", actor_id=actor_id, target_type="welfare_signatory",
           target_id=signatory.id, after=snapshot(signatory))
    return signatory


def end_signatory(signatory_id: int, *, until: date, actor_id: int | None = None,
                  fund_id: int | None = None) -> Signatory:
    signatory = db.session.scalar(sa.select(Signatory).where(Signatory.id == signatory_id))
    if signatory is None or (fund_id is not None and signatory.fund_id != fund_id):
        raise NotFound()
    before = snapshot(signatory)
    signatory.valid_until = max(until, signatory.valid_from)
    db.session.flush()
    record("welfare.signatory.end", actor_id=actor_id, target_type="welfare_signatory",
           target_id=signatory.id, before=before, after=snapshot(signatory))
    return signatory


def list_signatories(fund_id: int) -> list[Signatory]:
    return list(db.session.scalars(sa.select(Signatory).where(Signatory.fund_id == fund_id)
                                   .order_by(Signatory.valid_from, Signatory.id)))


def set_required(fund_id: int, required: int, *, actor_id: int | None = None) -> ApprovalPolicy:
    signatories = len(list_signatories(fund_id))
    if isinstance(required, bool) or not isinstance(required, int) or not 1 <= required <= max(signatories, 1):
        raise RequiredOutOfRange(count=signatories, field="required")
    policy = db.session.scalar(sa.select(ApprovalPolicy).where(ApprovalPolicy.fund_id == fund_id))
    if policy is None:
        policy = ApprovalPolicy(fund_id=fund_id, required=required)
        db.session.add(policy)
    before = {"required": policy.required}
    policy.required = required
    db.session.flush()
    record("welfare.policy.update", actor_id=actor_id, target_type="welfare_approval_policy",
           target_id=policy.id, before=before, after={"required": required})
    return policy
