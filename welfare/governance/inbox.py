"""What waits for one person in the welfare funds: requests to sign, loans
to send for approval, benefit claims to check or to send for payment. Each
list is read only when the person holds the permission that acts on it, so
nobody is shown work they may not do."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core import modules
from core.auth.policies import can
from core.db import db
from core.errors import N_
from welfare.governance.disbursements import pending_for
from welfare.models.benefits import BenefitClaim
from welfare.models.governance import Disbursement
from welfare.models.loans import Loan

SHOWN = 20


@dataclass
class Box:
    key: str
    title: str  # msgid
    hint: str  # msgid
    count: int = 0
    rows: list = field(default_factory=list)


def _claims(status: str) -> tuple[int, list[BenefitClaim]]:
    count = db.session.scalar(sa.select(sa.func.count()).select_from(BenefitClaim).where(BenefitClaim.status == status))
    rows = db.session.scalars(sa.select(BenefitClaim).where(BenefitClaim.status == status)
                              .order_by(BenefitClaim.id).limit(SHOWN))
    return int(count or 0), list(rows)


def _loans(status: str) -> tuple[int, list[Loan]]:
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Loan).where(Loan.status == status))
    return int(count or 0), list(db.session.scalars(sa.select(Loan).where(Loan.status == status)
                                                    .order_by(Loan.id).limit(SHOWN)))


def inbox_for(user, tenant_id: int) -> list[Box]:
    """The boxes this person may act on, in the order they are worked."""
    boxes: list[Box] = []
    if can(user, "welfare.funds.approve", tenant_id):
        pending: list[Disbursement] = pending_for(user.id)
        boxes.append(Box("approve", N_("Waiting for my approval"),
                         N_("Disbursement requests that need your signature."), len(pending), pending[:SHOWN]))
    if can(user, "welfare.loans.manage", tenant_id):
        count, loans = _loans("applied")
        boxes.append(Box("loans_applied", N_("Loan applications to send for approval"),
                         N_("Choose the loan resolution and ask the signatories to pay it out."), count, loans))
        count, loans = _loans("pending")
        boxes.append(Box("loans_pending", N_("Loans waiting for the signatories"),
                         N_("Paid out once enough signatories have approved."), count, loans))
    if can(user, "welfare.funds.claims", tenant_id):
        count, claims = _claims("submitted")
        boxes.append(Box("claims_submitted", N_("Benefit claims to check"),
                         N_("Check the documents and the amount."), count, claims))
    if can(user, "welfare.funds.request", tenant_id):
        count, claims = _claims("checked")
        boxes.append(Box("claims_checked", N_("Checked claims to send for payment"),
                         N_("Ask the signatories to pay the claim."), count, claims))
    return boxes


def waiting(user, tenant) -> list[modules.Waiting]:
    """The same boxes, counted, for the organisation's first page; each leads
    to the welfare home, where they are listed (approvals to their own page)."""
    from flask import url_for
    from flask_babel import gettext as _

    out = []
    for box in inbox_for(user, tenant.id):
        url = url_for("welfare.approvals") if box.key == "approve" else url_for("welfare.index") + "#inbox"
        out.append(modules.Waiting(_("%(what)s: %(n)s", what=_(box.title), n=box.count), url, box.count,
                                   f"welfare-{box.key}"))
    return out


modules.register_inbox("welfare", waiting)
