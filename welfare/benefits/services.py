"""Benefits: types with rules (membership duration, per-event and per-year
caps, required documents) and claims: claim → check → approval under the
fund's M-of-N policy → payment.

A member's claims are serialised by locking the member row, so two claims
checked at once cannot together pass the per-year cap."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.documents import services as documents
from core.documents.models import KINDS as DOCUMENT_KINDS
from core.errors import N_, Conflict, NotFound, ValidationError
from core.i18n.formatting import BE_OFFSET, format_thb
from core.i18n.named import Named
from core.ledger import services as ledger
from welfare.funds import validate as v
from welfare.funds.services import get_fund
from welfare.governance import disbursements, evidence
from welfare.models.benefits import BENEFIT_CODES, BenefitClaim, BenefitType
from welfare.models.governance import Disbursement
from welfare.models.members import Member

TARGET = "welfare.benefit_claim"
COUNTED = ("checked", "pending_approval", "paid")


class BenefitTypeNotFound(NotFound):
    code = "welfare_benefit_type_not_found"
    message = N_("Benefit type not found")


class ClaimNotFound(NotFound):
    code = "welfare_claim_not_found"
    message = N_("Claim not found")


class ClaimWrongStatus(Conflict):
    code = "welfare_claim_status"
    message = N_("This claim cannot do that now (%(status)s)")


class MemberNotActive(Conflict):
    code = "welfare_member_not_active"
    message = N_("The member is not active in this fund")


class MembershipTooShort(Conflict):
    code = "welfare_membership_too_short"
    message = N_("This benefit needs %(days)s days of membership; the member had %(had)s on the day of the event")


class YearCapReached(Conflict):
    code = "welfare_year_cap_reached"
    message = N_("The member has already received the yearly cap of %(cap)s for this benefit in %(year)s")


class DocumentsMissing(Conflict):
    code = "welfare_documents_missing"
    message = N_("Documents missing for this claim: %(kinds)s")


class DocumentReused(Conflict):
    code = "welfare_document_reused"
    message = N_(
        "A document of this claim (%(files)s) is also attached to another record: a second person"
        " must accept it with a reason before the claim goes on"
    )


class SameActor(Conflict):
    code = "welfare_reuse_same_actor"
    message = N_("Someone other than the person who submitted the claim must accept a reused document")


class NightsRequired(ValidationError):
    code = "welfare_nights_required"
    message = N_("Give the number of nights in hospital")


def kind_list(kinds) -> Named:
    """Document kinds, named in the language of whoever reads the message."""
    return Named(DOCUMENT_KINDS[k] for k in sorted(kinds))


def get_type(type_id: int) -> BenefitType:
    benefit_type = db.session.scalar(sa.select(BenefitType).where(BenefitType.id == type_id))
    if benefit_type is None:
        raise BenefitTypeNotFound(field="benefit_type_id")
    return benefit_type


def get_claim(claim_id: int) -> BenefitClaim:
    claim = db.session.scalar(sa.select(BenefitClaim).where(BenefitClaim.id == claim_id))
    if claim is None:
        raise ClaimNotFound()
    return claim


def _optional_amount(value, field):
    return None if value in (None, 0) else v.amount(value, field)


def create_type(
    *, fund_id: int, code: str, name: str, per_event_cap_satang: int, per_year_cap_satang: int | None = None,
    per_night_satang: int | None = None, min_membership_days: int = 0, required_documents: list[str] | str = (),
    actor_id: int | None = None,
) -> BenefitType:
    fund = get_fund(fund_id)
    code = v.choice(code, BENEFIT_CODES, "code", N_("Choose a kind of benefit"))
    if db.session.scalar(sa.select(BenefitType.id).where(BenefitType.fund_id == fund.id, BenefitType.code == code)):
        raise Conflict(N_("This fund already has this kind of benefit"), field="code")
    if isinstance(required_documents, str):
        required_documents = [k.strip() for k in required_documents.split(",") if k.strip()]
    unknown = [k for k in required_documents if k not in DOCUMENT_KINDS]
    if unknown:
        raise ValidationError(N_("Unknown kind of document"), field="required_documents")
    if isinstance(min_membership_days, bool) or not isinstance(min_membership_days, int) or not (
            0 <= min_membership_days <= 36500):
        raise ValidationError(N_("Enter a whole number of days, zero or more"), field="min_membership_days")
    per_event = v.amount(per_event_cap_satang, "per_event_cap")
    per_year = _optional_amount(per_year_cap_satang, "per_year_cap")
    if per_year is not None and per_year < per_event:
        raise ValidationError(N_("The yearly cap cannot be less than the cap per event"), field="per_year_cap")
    benefit_type = BenefitType(
        fund_id=fund.id, code=code, name=v.text(name, "name", N_("Name the benefit")),
        per_event_cap_satang=per_event, per_year_cap_satang=per_year,
        per_night_satang=_optional_amount(per_night_satang, "per_night"),
        min_membership_days=min_membership_days, required_documents=",".join(dict.fromkeys(required_documents)),
        active=True,
    )
    db.session.add(benefit_type)
    db.session.flush()
    record("welfare.benefit_type.create", actor_id=actor_id, target_type="welfare_benefit_type",
           target_id=benefit_type.id, after=snapshot(benefit_type))
    return benefit_type


def list_types(fund_id: int) -> list[BenefitType]:
    return list(db.session.scalars(sa.select(BenefitType).where(BenefitType.fund_id == fund_id)
                                   .order_by(BenefitType.code)))


def submit_claim(
    *, member_id: int, benefit_type_id: int, event_date: date, amount_requested_satang: int,
    nights: int | None = None, description: str = "", actor_id: int | None = None,
) -> BenefitClaim:
    member = db.session.scalar(sa.select(Member).where(Member.id == member_id))
    if member is None:
        raise ValidationError(N_("Member not found"), field="member_id")
    benefit_type = get_type(benefit_type_id)
    if benefit_type.fund_id != member.fund_id:
        raise ValidationError(N_("This benefit belongs to another fund"), field="benefit_type_id")
    event_date = v.day(event_date, "event_date", not_future=True)
    amount = v.amount(amount_requested_satang, "amount")
    if nights is not None and (isinstance(nights, bool) or not isinstance(nights, int) or not 1 <= nights <= 366):
        raise ValidationError(N_("Enter a number of nights from 1 to 366"), field="nights")
    if benefit_type.per_night_satang and nights is None:
        raise NightsRequired(field="nights")
    claim = BenefitClaim(
        fund_id=member.fund_id, member_id=member.id, benefit_type_id=benefit_type.id, event_date=event_date,
        nights=nights, amount_requested_satang=amount, status="submitted", created_by=actor_id,
        description=v.text(description, "description", "", limit=2000, required=False),
    )
    db.session.add(claim)
    db.session.flush()
    record("welfare.claim.submit", actor_id=actor_id, target_type="welfare_benefit_claim", target_id=claim.id,
           after=snapshot(claim))
    return claim


def used_in_year(member_id: int, benefit_type_id: int, year: int, *, excluding: int | None = None) -> int:
    stmt = sa.select(sa.func.coalesce(sa.func.sum(BenefitClaim.amount_satang), 0)).where(
        BenefitClaim.member_id == member_id, BenefitClaim.benefit_type_id == benefit_type_id,
        BenefitClaim.status.in_(COUNTED),
        BenefitClaim.event_date >= date(year, 1, 1), BenefitClaim.event_date <= date(year, 12, 31))
    if excluding is not None:
        stmt = stmt.where(BenefitClaim.id != excluding)
    return int(db.session.scalar(stmt))


def allowed_amount(claim: BenefitClaim, benefit_type: BenefitType, member: Member) -> int:
    """What the rules allow for this claim, or a clear refusal."""
    if member.status != "active":
        raise MemberNotActive()
    had = (claim.event_date - member.joined_on).days
    if had < benefit_type.min_membership_days:
        raise MembershipTooShort(days=benefit_type.min_membership_days, had=max(had, 0))
    amount = min(claim.amount_requested_satang, benefit_type.per_event_cap_satang)
    if benefit_type.per_night_satang:
        amount = min(amount, (claim.nights or 0) * benefit_type.per_night_satang)
    if benefit_type.per_year_cap_satang:
        used = used_in_year(member.id, benefit_type.id, claim.event_date.year, excluding=claim.id)
        left = benefit_type.per_year_cap_satang - used
        if left <= 0:
            raise YearCapReached(cap=format_thb(benefit_type.per_year_cap_satang), year=claim.event_date.year + BE_OFFSET)
        amount = min(amount, left)
    return amount


def missing_documents(claim: BenefitClaim, benefit_type: BenefitType) -> set[str]:
    return documents.missing(TARGET, [claim.id], benefit_type.required_kinds).get(claim.id, set())


def check_claim(claim_id: int, *, actor_id: int | None = None) -> BenefitClaim:
    """Apply the rules: the claim is checked with the amount they allow, or
    refused with a clear message (the claim stays submitted)."""
    claim = get_claim(claim_id)
    member = db.session.scalar(sa.select(Member).where(Member.id == claim.member_id).with_for_update())
    db.session.refresh(claim)
    if claim.status != "submitted":
        raise ClaimWrongStatus(status=claim.status_label)
    benefit_type = get_type(claim.benefit_type_id)
    lacking = missing_documents(claim, benefit_type)
    if lacking:
        raise DocumentsMissing(kinds=kind_list(lacking))
    _check_not_reused(claim)
    amount = allowed_amount(claim, benefit_type, member)
    claim.amount_satang = amount
    claim.status = "checked"
    claim.check_note = None
    db.session.flush()
    record("welfare.claim.check", actor_id=actor_id, target_type="welfare_benefit_claim", target_id=claim.id,
           after={"amount_satang": amount})
    return claim


def _check_not_reused(claim: BenefitClaim) -> None:
    if claim.reuse_accepted_by is not None:
        return
    pairs = evidence.reused(TARGET, claim.id)
    if pairs:
        files = ", ".join(sorted({mine.original_filename or str(mine.id) for mine, _ in pairs}))
        raise DocumentReused(files=files)


def accept_reused_documents(claim_id: int, *, reason: str, actor_id: int) -> BenefitClaim:
    """A second person (not the claim's submitter) accepts, with a reason, a
    document that is attached to another record too."""
    claim = get_claim(claim_id)
    if claim.status not in ("submitted", "checked"):
        raise ClaimWrongStatus(status=claim.status_label)
    reason = v.text(reason, "reason", N_("Give a reason"), limit=1000)
    if actor_id is None or actor_id == claim.created_by:
        raise SameActor(field="reason")
    pairs = evidence.reused(TARGET, claim.id)
    claim.reuse_reason = reason
    claim.reuse_accepted_by = actor_id
    db.session.flush()
    record("welfare.claim.accept_reused", actor_id=actor_id, target_type="welfare_benefit_claim",
           target_id=claim.id, after={"reason": reason,
                                      "documents": sorted({mine.id for mine, _ in pairs}),
                                      "also_on": sorted({f"{o.target_type}:{o.target_id}" for _, o in pairs})})
    return claim


def refuse_claim(claim_id: int, *, reason: str, actor_id: int | None = None) -> BenefitClaim:
    claim = get_claim(claim_id)
    if claim.status not in ("submitted", "checked"):
        raise ClaimWrongStatus(status=claim.status_label)
    claim.check_note = v.text(reason, "reason", N_("Give a reason"), limit=1000)
    claim.status = "refused"
    db.session.flush()
    record("welfare.claim.refuse", actor_id=actor_id, target_type="welfare_benefit_claim", target_id=claim.id,
           after={"reason": claim.check_note})
    return claim


def request_payment(claim_id: int, *, resolution_id: int, requested_by: int, budget_line_id: int | None = None,
                    ip: str | None = None) -> Disbursement:
    """A checked claim becomes a disbursement request under the fund's policy."""
    claim = get_claim(claim_id)
    db.session.scalar(sa.select(Member.id).where(Member.id == claim.member_id).with_for_update())
    db.session.refresh(claim)
    if claim.status != "checked":
        raise ClaimWrongStatus(status=claim.status_label)
    _check_not_reused(claim)  # a document may have been added since the check
    benefit_type = get_type(claim.benefit_type_id)
    disbursement = disbursements.request(
        fund_id=claim.fund_id, resolution_id=resolution_id, amount_satang=claim.amount_satang,
        purpose=f"{benefit_type.name} #{claim.id}", target_type=TARGET, target_id=claim.id,
        requested_by=requested_by, debit_key="benefit_expense", credit_key="cash", budget_line_id=budget_line_id,
        ip=ip,
    )
    claim.status = "pending_approval"
    claim.disbursement_id = disbursement.id
    db.session.flush()
    return disbursement


def _paid(disbursement: Disbursement) -> None:
    claim = get_claim(disbursement.target_id)
    claim.status = "paid"
    claim.paid_on = ledger.today()
    db.session.flush()


def _rejected(disbursement: Disbursement) -> None:
    claim = get_claim(disbursement.target_id)
    claim.status = "rejected"
    claim.check_note = disbursement.reject_reason
    db.session.flush()


disbursements.on_paid(TARGET, _paid)
disbursements.on_rejected(TARGET, _rejected)


def list_claims(fund_id: int, *, status: str | None = None, limit: int | None = 300) -> list[BenefitClaim]:
    stmt = sa.select(BenefitClaim).where(BenefitClaim.fund_id == fund_id).order_by(BenefitClaim.id.desc())
    if status:
        stmt = stmt.where(BenefitClaim.status == status)
    return list(db.session.scalars(stmt.limit(limit)))


def paid_by_type(fund_id: int, start: date | None = None, end: date | None = None) -> list[dict]:
    """Benefits paid, per kind: count and sum (no personal data)."""
    stmt = (
        sa.select(BenefitType.code, sa.func.count(BenefitClaim.id), sa.func.sum(BenefitClaim.amount_satang))
        .join(BenefitType, sa.and_(BenefitType.id == BenefitClaim.benefit_type_id,
                                   BenefitType.tenant_id == BenefitClaim.tenant_id))
        .where(BenefitClaim.fund_id == fund_id, BenefitClaim.status == "paid")
        .group_by(BenefitType.code).order_by(BenefitType.code)
    )
    if start:
        stmt = stmt.where(BenefitClaim.paid_on >= start)
    if end:
        stmt = stmt.where(BenefitClaim.paid_on <= end)
    return [{"code": code, "label": BENEFIT_CODES.get(code, code), "count": int(n), "amount": int(total or 0)}
            for code, n, total in db.session.execute(stmt)]
