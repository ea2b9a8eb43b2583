"""Evidence: core documents attached to disbursements, meetings and claims, and
what is missing ("documents missing for 3 disbursements")."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm

from core.db import db
from core.documents import services as documents
from core.documents.models import Document
from welfare.models.benefits import BenefitClaim, BenefitType
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
