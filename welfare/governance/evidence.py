"""Evidence: core documents attached to disbursements, meetings and claims, and
what is missing ("documents missing for 3 disbursements")."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm

from core.audit.services import record
from core.db import db
from core.documents import services as documents
from core.documents.models import KINDS, Document
from core.errors import N_, Conflict, NotFound, ValidationError
from core.i18n.named import Named
from welfare.funds.services import FundNotFound
from welfare.governance.errors import NotPending
from welfare.models.benefits import BenefitClaim, BenefitType
from welfare.models.funds import Fund
from welfare.models.governance import Disbursement, Meeting

DISBURSEMENT = "welfare.disbursement"
MEETING = "welfare.meeting"
CLAIM = "welfare.benefit_claim"

# What each kind of record needs.
NEEDS = {DISBURSEMENT: ("receipt",), MEETING: ("minutes",)}


def completeness(fund_id: int | None = None) -> dict:
    """Records lacking documents: paid or pending disbursements without a
    receipt, meetings without minutes, claims without their required documents."""
    dis_stmt = sa.select(Disbursement).where(Disbursement.status.in_(("pending", "paid")))
    meet_stmt = sa.select(Meeting)
    claim_stmt = (
        sa.select(BenefitClaim, BenefitType)
        .join(BenefitType, sa.and_(BenefitType.id == BenefitClaim.benefit_type_id,
                                   BenefitType.tenant_id == BenefitClaim.tenant_id))
        .where(BenefitClaim.status.in_(("submitted", "checked", "pending_approval", "paid")))
    )
    if fund_id is not None:
        dis_stmt = dis_stmt.where(Disbursement.fund_id == fund_id)
        meet_stmt = meet_stmt.where(Meeting.fund_id == fund_id)
        claim_stmt = claim_stmt.where(BenefitClaim.fund_id == fund_id)
    disbursements = {d.id: d for d in db.session.scalars(dis_stmt.order_by(Disbursement.id))}
    meetings = {m.id: m for m in db.session.scalars(meet_stmt.order_by(Meeting.id))}
    missing_dis = documents.missing(DISBURSEMENT, disbursements, NEEDS[DISBURSEMENT])
    missing_meet = documents.missing(MEETING, meetings, NEEDS[MEETING])
    claims = []
    for claim, benefit_type in db.session.execute(claim_stmt.order_by(BenefitClaim.id)):
        lacking = documents.missing(CLAIM, [claim.id], benefit_type.required_kinds).get(claim.id)
        if lacking:
            claims.append((claim, benefit_type, lacking))
    return {
        "disbursements": [(disbursements[i], kinds) for i, kinds in missing_dis.items()],
        "meetings": [(meetings[i], kinds) for i, kinds in missing_meet.items()],
        "claims": claims,
    }


def reused(target_type: str, target_id: int) -> list[tuple[Document, Document]]:
    """Documents attached to this record whose bytes (SHA-256) are attached to
    another record of the tenant too: (this one, the other)."""
    other = sa.orm.aliased(Document)
    return [
        (mine, theirs)
        for mine, theirs in db.session.execute(
            sa.select(Document, other)
            .join(
                other,
                sa.and_(
                    other.tenant_id == Document.tenant_id,
                    other.sha256 == Document.sha256,
                    other.id != Document.id,
                    sa.or_(other.target_type != target_type, other.target_id != target_id),
                ),
            )
            .where(Document.target_type == target_type, Document.target_id == target_id)
            .order_by(Document.id, other.id)
        )
    ]


# --- rules before money leaves ------------------------------------------------------


def kind_names(kinds) -> Named:
    """Document kinds, named in the language of whoever reads the message."""
    return Named(KINDS[k] for k in sorted(kinds))


class DocumentReused(Conflict):
    code = "welfare_disbursement_document_reused"
    message = N_(
        "A document this payment relies on (%(files)s) is also attached to another record: someone other"
        " than the person who asked for the payment must accept it with a reason before it is approved"
    )


class SameActor(Conflict):
    code = "welfare_disbursement_reuse_same_actor"
    message = N_("Someone other than the person who asked for the payment must accept a reused document")


class DocumentsIncomplete(Conflict):
    code = "welfare_documents_incomplete"
    message = N_("This fund pays only once the documents are complete. Missing: %(kinds)s")


def _claim_of(disbursement: Disbursement) -> BenefitClaim | None:
    if disbursement.target_type != CLAIM or disbursement.target_id is None:
        return None
    return db.session.scalar(sa.select(BenefitClaim).where(BenefitClaim.id == disbursement.target_id))


def reused_for(disbursement: Disbursement) -> list[tuple[Document, Document]]:
    """Documents the payment relies on that are attached elsewhere too: its
    own, and those of the claim it pays unless the claim's were accepted."""
    pairs = reused(DISBURSEMENT, disbursement.id)
    claim = _claim_of(disbursement)
    if claim is not None and claim.reuse_accepted_by is None:
        pairs += reused(CLAIM, claim.id)
    return pairs


def check_not_reused(disbursement: Disbursement) -> None:
    if disbursement.reuse_accepted_by is not None:
        return
    pairs = reused_for(disbursement)
    if pairs:
        files = ", ".join(sorted({mine.original_filename or str(mine.id) for mine, _ in pairs}))
        raise DocumentReused(files=files)


def missing_for_payment(disbursement: Disbursement) -> set[str]:
    """What a fund that requires complete documents still lacks: the
    disbursement's receipt, and the documents its claim's rules require."""
    lacking = set(documents.missing(DISBURSEMENT, [disbursement.id], NEEDS[DISBURSEMENT]).get(disbursement.id, ()))
    claim = _claim_of(disbursement)
    if claim is not None:
        benefit_type = db.session.get(BenefitType, claim.benefit_type_id)
        if benefit_type is None:
            raise NotFound()
        lacking |= set(documents.missing(CLAIM, [claim.id], benefit_type.required_kinds).get(claim.id, ()))
    return lacking


def check_complete(disbursement: Disbursement) -> None:
    fund = db.session.get(Fund, disbursement.fund_id)
    if fund is None:
        raise FundNotFound()
    if not fund.requires_documents:
        return
    lacking = missing_for_payment(disbursement)
    if lacking:
        raise DocumentsIncomplete(kinds=kind_names(lacking))


def accept_reused(disbursement: Disbursement, *, reason: str, actor_id: int | None) -> Disbursement:
    """A second person (not who asked for the payment) accepts, with a reason,
    documents of the payment that are attached to another record too. The
    caller has locked the disbursement row."""
    if disbursement.status != "pending":
        raise NotPending(status=disbursement.status_label)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(N_("Give a reason"), field="reason")
    if len(reason) > 1000:
        raise ValidationError(N_("This is too long (%(limit)s characters at most)"), field="reason", limit=1000)
    if actor_id is None or actor_id == disbursement.requested_by:
        raise SameActor(field="reason")
    pairs = reused_for(disbursement)
    disbursement.reuse_reason = reason
    disbursement.reuse_accepted_by = actor_id
    db.session.flush()
    record("welfare.disbursement.accept_reused", actor_id=actor_id, target_type="welfare_disbursement",
           target_id=disbursement.id, after={"reason": reason,
                                             "documents": sorted({mine.id for mine, _ in pairs}),
                                             "also_on": sorted({f"{o.target_type}:{o.target_id}" for _, o in pairs})})
    return disbursement
