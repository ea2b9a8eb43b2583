"""Members of a fund: persons or households enrolled from a date, and the
member statement (contributions, benefits, loans)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, ValidationError
from core.registry.models import Household, Person
from welfare.funds import validate as v
from welfare.funds.services import get_fund
from welfare.models.benefits import BenefitClaim, BenefitType
from welfare.models.members import MEMBER_STATUSES, Member
from welfare.models.sources import ContributionSchedule
from welfare.sources import services as sources
from welfare.sources.services import MemberNotFound, get_member

__all__ = ["MemberNotFound", "enroll", "get_member", "list_members", "set_status", "statement"]


class AlreadyMember(Conflict):
    code = "welfare_already_member"
    message = N_("Already a member of this fund")


def enroll(*, fund_id: int, joined_on: date, person_id: int | None = None, household_id: int | None = None,
           member_no: str = "", actor_id: int | None = None) -> Member:
    fund = get_fund(fund_id)
    joined_on = v.day(joined_on, "joined_on", not_future=True)
    if (person_id is None) == (household_id is None):
        raise ValidationError(N_("Choose a person or a household"), field="person_id")
    if person_id is not None and db.session.scalar(sa.select(Person.id).where(Person.id == person_id)) is None:
        raise ValidationError(N_("Person not found"), field="person_id")
    if household_id is not None and db.session.scalar(
            sa.select(Household.id).where(Household.id == household_id)) is None:
        raise ValidationError(N_("Household not found"), field="household_id")
    clash = sa.select(Member.id).where(Member.fund_id == fund.id)
    clash = clash.where(Member.person_id == person_id) if person_id else clash.where(
        Member.household_id == household_id)
    if db.session.scalar(clash) is not None:
        raise AlreadyMember()
    member = Member(fund_id=fund.id, person_id=person_id, household_id=household_id, joined_on=joined_on,
                    member_no=v.text(member_no, "member_no", "", limit=40, required=False) or None,
                    status="active")
    db.session.add(member)
    db.session.flush()
    record("welfare.member.enroll", actor_id=actor_id, target_type="welfare_member", target_id=member.id,
           after=snapshot(member))
    return member


def set_status(member_id: int, status: str, *, on: date | None = None, actor_id: int | None = None) -> Member:
    member = get_member(member_id)
    v.choice(status, MEMBER_STATUSES, "status", N_("Choose a status"))
    before = snapshot(member)
    member.status = status
    member.left_on = on if status in ("left", "deceased") else None
    db.session.flush()
    record("welfare.member.status", actor_id=actor_id, target_type="welfare_member", target_id=member.id,
           before=before, after=snapshot(member))
    return member


def list_members(fund_id: int, *, status: str | None = None, limit: int | None = 500) -> list[Member]:
    return list(db.session.scalars(members_stmt(fund_id, status=status).limit(limit)))


def members_stmt(fund_id: int, *, status: str | None = None):
    """A fund's members in joining order (the page and its CSV)."""
    stmt = sa.select(Member).where(Member.fund_id == fund_id).order_by(Member.id)
    if status:
        stmt = stmt.where(Member.status == status)
    return stmt


def display_name(member: Member) -> str:
    if member.person is not None:
        return member.person.display_name("th")
    if member.household is not None:
        return member.household.code
    return f"#{member.id}"


def loans_of(member: Member) -> list | None:
    """The member's loans, read only through the loans part's own function
    ``welfare.loans.queries.loans_of_person(person_id, fund_id=...)``; None
    (shown as a marked gap) while that part does not offer it."""
    try:
        from welfare.loans import queries as loan_queries
    except ImportError:  # pragma: no cover
        return None
    fn = getattr(loan_queries, "loans_of_person", None)
    if fn is None:
        return None
    if member.person_id is None:
        return []
    return list(fn(member.person_id, fund_id=member.fund_id))


def members_of_user(user_id: int) -> list[Member]:
    """The memberships of the registry person linked to this account: their
    own and their household's."""
    person = db.session.scalar(sa.select(Person).where(Person.user_id == user_id))
    if person is None:
        return []
    mine = Member.person_id == person.id
    if person.household_id is not None:
        mine = sa.or_(mine, Member.household_id == person.household_id)
    return list(db.session.scalars(sa.select(Member).where(mine).order_by(Member.id)))


def statement(member_id: int, *, start: date, end: date) -> dict:
    """Contributions (expected, paid, owed), benefits paid and loans of one member."""
    if end < start:
        raise ValidationError(N_("The end cannot be before the start"), field="end")
    member = get_member(member_id)
    schedule = db.session.scalar(sa.select(ContributionSchedule).where(ContributionSchedule.member_id == member.id))
    payments = [p for p in sources.payments_of(member.id) if start <= p.paid_on <= end]
    claims = db.session.execute(
        sa.select(BenefitClaim, BenefitType)
        .join(BenefitType, sa.and_(BenefitType.id == BenefitClaim.benefit_type_id,
                                   BenefitType.tenant_id == BenefitClaim.tenant_id))
        .where(BenefitClaim.member_id == member.id, BenefitClaim.event_date >= start, BenefitClaim.event_date <= end)
        .order_by(BenefitClaim.event_date)
    ).all()
    expected = sources.expected(schedule, end)
    paid_total = sources.paid_by(member.id, through=end)
    return {
        "member": member,
        "name": display_name(member),
        "start": start,
        "end": end,
        "schedule": schedule,
        "payments": payments,
        "paid_in_period": sum(p.amount_satang for p in payments),
        "expected_to_date": expected,
        "paid_to_date": paid_total,
        "owed": max(0, expected - paid_total),
        "claims": claims,
        "benefits_paid": sum(c.amount_satang or 0 for c, _ in claims if c.status == "paid"),
        "loans": loans_of(member),
    }


def loan_lines(loans, *, start: date, end: date) -> list[dict]:
    """Each loan of a statement with its repayments in the period, read through
    the loans part's own function ``repayments_of`` (none when it is absent)."""
    try:
        from welfare.loans.repayments import repayments_of
    except ImportError:  # pragma: no cover
        return [{"loan": loan, "repayments": [], "repaid": 0} for loan in loans or []]
    out = []
    for loan in loans or []:
        paid = [r for r in repayments_of(loan.id) if start <= r.paid_on <= end]
        out.append({"loan": loan, "repayments": paid, "repaid": sum(r.amount_satang for r in paid)})
    return out
