"""Where a fund's money comes from: grants in tranches (restricted money
tracked as such), donations, members' contributions ("one baht a day") and
matching contributions. Each receipt posts to the fund's own book."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.i18n.formatting import format_thb
from core.ledger import services as ledger
from welfare.funds import accounts
from welfare.funds import validate as v
from welfare.funds.services import get_fund
from welfare.governance import disbursements
from welfare.models.members import Member
from welfare.models.sources import (
    CONTRIBUTION_PERIODS,
    GRANTOR_KINDS,
    ContributionPayment,
    ContributionSchedule,
    Donation,
    Grant,
    GrantTranche,
    MatchingContribution,
)
from welfare.sources import restricted as restricted_money

RECEIVE_INTO = ("cash", "bank")


class GrantNotFound(NotFound):
    code = "welfare_grant_not_found"
    message = N_("Grant not found")


class TrancheNotFound(NotFound):
    code = "welfare_tranche_not_found"
    message = N_("Tranche not found")


class TranchesExceedGrant(ValidationError):
    code = "welfare_tranches_exceed_grant"
    message = N_("The tranches would add up to more than the grant (%(total)s)")


class TrancheNotExpected(Conflict):
    code = "welfare_tranche_not_expected"
    message = N_("This tranche is no longer expected (%(status)s)")


class RestrictedInsufficient(Conflict):
    code = "welfare_restricted_insufficient"
    message = N_("Only %(available)s of restricted money from this grant is left to release")


class MemberNotFound(NotFound):
    code = "welfare_member_not_found"
    message = N_("Member not found")


class MatchingNotFound(NotFound):
    code = "welfare_matching_not_found"
    message = N_("Matching contribution not found")


class NothingToMatch(ValidationError):
    code = "welfare_nothing_to_match"
    message = N_("Members contributed nothing in %(year)s, so there is nothing to match")


def _into(into: str) -> str:
    return v.choice(into, RECEIVE_INTO, "into", N_("Choose cash or bank"))


# --- grants ----------------------------------------------------------------


def get_grant(grant_id: int) -> Grant:
    grant = db.session.scalar(sa.select(Grant).where(Grant.id == grant_id))
    if grant is None:
        raise GrantNotFound()
    return grant


def get_tranche(tranche_id: int) -> GrantTranche:
    tranche = db.session.scalar(sa.select(GrantTranche).where(GrantTranche.id == tranche_id))
    if tranche is None:
        raise TrancheNotFound()
    return tranche


def create_grant(
    *, fund_id: int, grantor_name: str, grantor_kind: str, total_satang: int, agreement_ref: str = "",
    signed_on: date | None = None, permitted_uses: str = "", restricted: bool = True, uses=(),
    actor_id: int | None = None,
) -> Grant:
    """A grant; a restricted one names the uses its money may be spent on
    (``uses``, codes of ``GRANT_USES``), ``permitted_uses`` says more in words."""
    fund = get_fund(fund_id)
    uses = restricted_money.clean_uses(uses, restricted=bool(restricted))
    grant = Grant(
        fund_id=fund.id,
        grantor_name=v.text(grantor_name, "grantor_name", N_("Name the grantor")),
        grantor_kind=v.choice(grantor_kind, GRANTOR_KINDS, "grantor_kind", N_("Choose a kind of grantor")),
        total_satang=v.amount(total_satang, "total"),
        agreement_ref=v.text(agreement_ref, "agreement_ref", "", limit=100, required=False),
        signed_on=v.day(signed_on, "signed_on", required=False),
        permitted_uses=v.text(permitted_uses, "permitted_uses", "", limit=2000, required=False),
        restricted=bool(restricted),
        restricted_balance_satang=0,
    )
    db.session.add(grant)
    db.session.flush()
    restricted_money.set_uses(grant, uses)
    record("welfare.grant.create", actor_id=actor_id, target_type="welfare_grant", target_id=grant.id,
           after={**snapshot(grant), "uses": uses})
    return grant


def tranches_of(grant_id: int) -> list[GrantTranche]:
    return list(db.session.scalars(
        sa.select(GrantTranche).where(GrantTranche.grant_id == grant_id).order_by(GrantTranche.seq)))


def add_tranche(
    *, grant_id: int, amount_satang: int, expected_on: date | None = None, conditions: str = "",
    actor_id: int | None = None,
) -> GrantTranche:
    grant = db.session.scalar(sa.select(Grant).where(Grant.id == grant_id).with_for_update())
    if grant is None:
        raise GrantNotFound()
    amount = v.amount(amount_satang)
    planned = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(GrantTranche.amount_satang), 0)).where(
            GrantTranche.grant_id == grant.id, GrantTranche.status != "cancelled")
    )
    if planned + amount > grant.total_satang:
        raise TranchesExceedGrant(total=format_thb(grant.total_satang), field="amount")
    seq = (db.session.scalar(sa.select(sa.func.max(GrantTranche.seq)).where(GrantTranche.grant_id == grant.id))
           or 0) + 1
    tranche = GrantTranche(
        grant_id=grant.id, fund_id=grant.fund_id, seq=seq, amount_satang=amount,
        expected_on=v.day(expected_on, "expected_on", required=False),
        conditions=v.text(conditions, "conditions", "", limit=2000, required=False), status="expected",
    )
    db.session.add(tranche)
    db.session.flush()
    record("welfare.tranche.add", actor_id=actor_id, target_type="welfare_grant_tranche", target_id=tranche.id,
           after=snapshot(tranche))
    return tranche


def receive_tranche(tranche_id: int, *, received_on: date, into: str = "bank", actor_id: int | None = None
                    ) -> GrantTranche:
    """Expected → received, once (a conditional UPDATE), posting the money:
    restricted grants to the restricted account, others to grant income."""
    received_on = v.day(received_on, "received_on", not_future=True)
    into = _into(into)
    tranche = get_tranche(tranche_id)
    done = db.session.execute(
        sa.update(GrantTranche)
        .where(GrantTranche.id == tranche.id, GrantTranche.status == "expected")
        .values(status="received", received_on=received_on)
        .returning(GrantTranche.id)
        .execution_options(synchronize_session=False)
    ).first()
    db.session.refresh(tranche)
    if done is None:
        raise TrancheNotExpected(status=tranche.status_label)
    grant = get_grant(tranche.grant_id)
    fund = get_fund(tranche.fund_id)
    credit_key = "restricted_grants" if grant.restricted else "grant_income"
    entry = ledger.post(
        entry_date=received_on,
        memo=f"{grant.grantor_name} #{tranche.seq}"[:500],
        lines=[(accounts.account(fund, into), tranche.amount_satang),
               (accounts.account(fund, credit_key), -tranche.amount_satang)],
        idempotency_key=f"welfare.tranche:{tranche.id}", source=f"welfare.tranche:{tranche.id}", actor_id=actor_id,
    )
    tranche.journal_entry_id = entry.id
    if grant.restricted:
        db.session.execute(
            sa.update(Grant).where(Grant.id == grant.id)
            .values(restricted_balance_satang=Grant.restricted_balance_satang + tranche.amount_satang)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(grant)
    db.session.flush()
    record("welfare.tranche.receive", actor_id=actor_id, target_type="welfare_grant_tranche",
           target_id=tranche.id, after={"received_on": received_on.isoformat(), "into": into,
                                        "journal_entry_id": entry.id})
    return tranche


def release_restricted(grant_id: int, amount_satang: int, *, resolution_id: int, purpose: str,
                       on: date | None = None, actor_id: int | None = None) -> None:
    """Restricted money released by a resolution of the fund's meeting (kind
    "release") becomes the fund's unrestricted income: never more than is
    left of the grant (a conditional UPDATE) nor than the resolution allows."""
    amount = v.amount(amount_satang)
    purpose = v.text(purpose, "purpose", N_("Say why the money is released"), limit=500)
    if isinstance(resolution_id, bool) or not isinstance(resolution_id, int):
        raise ValidationError(N_("Choose the resolution that releases the money"), field="resolution_id")
    grant = get_grant(grant_id)
    with db.session.begin_nested():
        done = db.session.execute(
            sa.update(Grant)
            .where(Grant.id == grant.id, Grant.restricted, Grant.restricted_balance_satang >= amount)
            .values(restricted_balance_satang=Grant.restricted_balance_satang - amount)
            .returning(Grant.id)
            .execution_options(synchronize_session=False)
        ).first()
        db.session.refresh(grant)
        if done is None:
            raise RestrictedInsufficient(available=format_thb(grant.restricted_balance_satang), field="amount")
        disbursements.use_resolution(resolution_id, amount, kinds={"release"}, fund_id=grant.fund_id)
        fund = get_fund(grant.fund_id)
        ledger.post(
            entry_date=on or ledger.today(), memo=purpose,
            lines=[(accounts.account(fund, "restricted_grants"), amount),
                   (accounts.account(fund, "grant_income"), -amount)],
            idempotency_key=f"welfare.grant_release:{grant.id}:{uuid.uuid4().hex}",
            source=f"welfare.grant:{grant.id}", actor_id=actor_id,
        )
    record("welfare.grant.release", actor_id=actor_id, target_type="welfare_grant", target_id=grant.id,
           after={"amount_satang": amount, "purpose": purpose, "resolution_id": resolution_id})


def list_grants(fund_id: int) -> list[Grant]:
    return list(db.session.scalars(sa.select(Grant).where(Grant.fund_id == fund_id).order_by(Grant.id)))


# --- donations ---------------------------------------------------------------


def record_donation(
    *, fund_id: int, amount_satang: int, received_on: date, donor_name: str = "", anonymous: bool = True,
    into: str = "cash", note: str = "", actor_id: int | None = None,
) -> Donation:
    fund = get_fund(fund_id)
    amount = v.amount(amount_satang)
    received_on = v.day(received_on, "received_on", not_future=True)
    into = _into(into)
    donation = Donation(
        fund_id=fund.id, amount_satang=amount, received_on=received_on,
        donor_name=v.text(donor_name, "donor_name", "", required=False), anonymous=bool(anonymous),
        note=v.text(note, "note", "", limit=1000, required=False),
    )
    db.session.add(donation)
    db.session.flush()
    entry = ledger.post(
        entry_date=received_on, memo="donation",
        lines=[(accounts.account(fund, into), amount), (accounts.account(fund, "donation_income"), -amount)],
        idempotency_key=f"welfare.donation:{donation.id}", source=f"welfare.donation:{donation.id}",
        actor_id=actor_id,
    )
    donation.journal_entry_id = entry.id
    db.session.flush()
    record("welfare.donation.record", actor_id=actor_id, target_type="welfare_donation", target_id=donation.id,
           after={"amount_satang": amount, "received_on": received_on.isoformat()})
    return donation


def list_donations(fund_id: int) -> list[Donation]:
    return list(db.session.scalars(
        sa.select(Donation).where(Donation.fund_id == fund_id).order_by(Donation.received_on.desc())))


# --- member contributions ----------------------------------------------------------


def get_member(member_id: int) -> Member:
    member = db.session.scalar(sa.select(Member).where(Member.id == member_id))
    if member is None:
        raise MemberNotFound()
    return member


def set_schedule(
    *, member_id: int, amount_satang: int = 100, period: str = "daily", starts_on: date,
    ends_on: date | None = None, actor_id: int | None = None,
) -> ContributionSchedule:
    """One schedule per member (e.g. one baht a day), replaced when set again."""
    member = get_member(member_id)
    amount = v.amount(amount_satang)
    period = v.choice(period, CONTRIBUTION_PERIODS, "period", N_("Choose how often members contribute"))
    starts_on = v.day(starts_on, "starts_on")
    ends_on = v.day(ends_on, "ends_on", required=False)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(N_("The end cannot be before the start"), field="ends_on")
    schedule = db.session.scalar(sa.select(ContributionSchedule).where(ContributionSchedule.member_id == member.id))
    if schedule is None:
        schedule = ContributionSchedule(member_id=member.id, fund_id=member.fund_id)
        db.session.add(schedule)
    schedule.amount_satang, schedule.period = amount, period
    schedule.starts_on, schedule.ends_on = starts_on, ends_on
    db.session.flush()
    record("welfare.contribution.schedule", actor_id=actor_id, target_type="welfare_member", target_id=member.id,
           after=snapshot(schedule))
    return schedule


def record_contribution(
    *, member_id: int, amount_satang: int, paid_on: date, method: str = "cash", actor_id: int | None = None,
) -> ContributionPayment:
    member = get_member(member_id)
    amount = v.amount(amount_satang)
    paid_on = v.day(paid_on, "paid_on", not_future=True)
    method = v.choice(method, ("cash", "transfer"), "method", N_("Choose cash or transfer"))
    fund = get_fund(member.fund_id)
    payment = ContributionPayment(fund_id=fund.id, member_id=member.id, amount_satang=amount, paid_on=paid_on,
                                  method=method, recorded_by=actor_id)
    db.session.add(payment)
    db.session.flush()
    into = "cash" if method == "cash" else "bank"
    entry = ledger.post(
        entry_date=paid_on, memo="member contribution",
        lines=[(accounts.account(fund, into), amount), (accounts.account(fund, "contribution_income"), -amount)],
        idempotency_key=f"welfare.contribution:{payment.id}", source=f"welfare.contribution:{payment.id}",
        actor_id=actor_id,
    )
    payment.journal_entry_id = entry.id
    db.session.flush()
    record("welfare.contribution.pay", actor_id=actor_id, target_type="welfare_member", target_id=member.id,
           after={"amount_satang": amount, "paid_on": paid_on.isoformat()})
    return payment


def periods_due(schedule: ContributionSchedule, through: date) -> int:
    """How many periods of the schedule have started by ``through``."""
    end = min(through, schedule.ends_on) if schedule.ends_on else through
    start = schedule.starts_on
    if end < start:
        return 0
    if schedule.period == "daily":
        return (end - start).days + 1
    if schedule.period == "monthly":
        return (end.year - start.year) * 12 + (end.month - start.month) + 1
    return end.year - start.year + 1


def expected(schedule: ContributionSchedule | None, through: date) -> int:
    return periods_due(schedule, through) * schedule.amount_satang if schedule else 0


def paid_by(member_id: int, through: date | None = None, since: date | None = None) -> int:
    stmt = sa.select(sa.func.coalesce(sa.func.sum(ContributionPayment.amount_satang), 0)).where(
        ContributionPayment.member_id == member_id)
    if through is not None:
        stmt = stmt.where(ContributionPayment.paid_on <= through)
    if since is not None:
        stmt = stmt.where(ContributionPayment.paid_on >= since)
    return int(db.session.scalar(stmt))


def arrears(fund_id: int, as_of: date) -> list[dict]:
    """Members behind their schedule: expected, paid, owed (satang)."""
    rows = db.session.execute(
        sa.select(Member, ContributionSchedule)
        .join(ContributionSchedule, sa.and_(ContributionSchedule.member_id == Member.id,
                                            ContributionSchedule.tenant_id == Member.tenant_id))
        .where(Member.fund_id == fund_id, Member.status == "active")
        .order_by(Member.id)
    ).all()
    paid = dict(db.session.execute(
        sa.select(ContributionPayment.member_id, sa.func.sum(ContributionPayment.amount_satang))
        .where(ContributionPayment.fund_id == fund_id, ContributionPayment.paid_on <= as_of)
        .group_by(ContributionPayment.member_id)
    ).all())
    out = []
    for member, schedule in rows:
        due = expected(schedule, as_of)
        got = int(paid.get(member.id) or 0)
        out.append({"member": member, "expected": due, "paid": got, "owed": max(0, due - got),
                    "credit": max(0, got - due)})
    return out


def payments_of(member_id: int) -> list[ContributionPayment]:
    return list(db.session.scalars(sa.select(ContributionPayment).where(ContributionPayment.member_id == member_id)
                                   .order_by(ContributionPayment.paid_on.desc(), ContributionPayment.id.desc())))


# --- matching contributions -------------------------------------------------------


def create_matching(*, fund_id: int, matcher_name: str, year: int, ratio_percent: int = 100,
                    actor_id: int | None = None) -> MatchingContribution:
    """What a government body owes for ``year``: members' contributions that
    year times the ratio."""
    fund = get_fund(fund_id)
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2200:
        raise ValidationError(N_("Enter a year"), field="year")
    if isinstance(ratio_percent, bool) or not isinstance(ratio_percent, int) or not 1 <= ratio_percent <= 1000:
        raise ValidationError(N_("The ratio is a percentage from 1 to 1000"), field="ratio_percent")
    matcher_name = v.text(matcher_name, "matcher_name", N_("Name who matches the contributions"))
    contributed = int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ContributionPayment.amount_satang), 0)).where(
            ContributionPayment.fund_id == fund.id,
            ContributionPayment.paid_on >= date(year, 1, 1), ContributionPayment.paid_on <= date(year, 12, 31))
    ))
    if contributed <= 0:
        raise NothingToMatch(year=year, field="year")
    existing = db.session.scalar(sa.select(MatchingContribution).where(
        MatchingContribution.fund_id == fund.id, MatchingContribution.matcher_name == matcher_name,
        MatchingContribution.year == year))
    if existing is not None:
        raise Conflict(N_("This matching contribution is already recorded"))
    matching = MatchingContribution(
        fund_id=fund.id, matcher_name=matcher_name, year=year, ratio_percent=ratio_percent,
        members_contributed_satang=contributed, amount_satang=contributed * ratio_percent // 100, status="expected",
    )
    db.session.add(matching)
    db.session.flush()
    record("welfare.matching.create", actor_id=actor_id, target_type="welfare_matching_contribution",
           target_id=matching.id, after=snapshot(matching))
    return matching


def get_matching(matching_id: int) -> MatchingContribution:
    matching = db.session.scalar(sa.select(MatchingContribution).where(MatchingContribution.id == matching_id))
    if matching is None:
        raise MatchingNotFound()
    return matching


def receive_matching(matching_id: int, *, received_on: date, into: str = "bank",
                     actor_id: int | None = None) -> MatchingContribution:
    received_on = v.day(received_on, "received_on", not_future=True)
    into = _into(into)
    matching = db.session.scalar(sa.select(MatchingContribution).where(MatchingContribution.id == matching_id))
    if matching is None:
        raise MatchingNotFound()
    done = db.session.execute(
        sa.update(MatchingContribution)
        .where(MatchingContribution.id == matching.id, MatchingContribution.status == "expected")
        .values(status="received", received_on=received_on)
        .returning(MatchingContribution.id)
        .execution_options(synchronize_session=False)
    ).first()
    db.session.refresh(matching)
    if done is None:
        raise TrancheNotExpected(status=matching.status)
    fund = get_fund(matching.fund_id)
    entry = ledger.post(
        entry_date=received_on, memo=f"{matching.matcher_name} {matching.year}"[:500],
        lines=[(accounts.account(fund, into), matching.amount_satang),
               (accounts.account(fund, "matching_income"), -matching.amount_satang)],
        idempotency_key=f"welfare.matching:{matching.id}", source=f"welfare.matching:{matching.id}",
        actor_id=actor_id,
    )
    matching.journal_entry_id = entry.id
    db.session.flush()
    record("welfare.matching.receive", actor_id=actor_id, target_type="welfare_matching_contribution",
           target_id=matching.id, after={"journal_entry_id": entry.id})
    return matching


def list_matching(fund_id: int) -> list[MatchingContribution]:
    return list(db.session.scalars(sa.select(MatchingContribution).where(MatchingContribution.fund_id == fund_id)
                                   .order_by(MatchingContribution.year.desc())))
