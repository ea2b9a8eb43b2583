"""What waits for one person in the welfare funds: requests to sign, loans
to send for approval, benefit claims to check or to send for payment. Each
list is read only when the person holds the permission that acts on it, so
nobody is shown work they may not do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sqlalchemy as sa

from core import modules
from core.auth.policies import can
from core.db import db
from core.errors import N_
from core.ledger import services as ledger
from welfare.governance.disbursements import pending_for_statement
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


@dataclass(frozen=True)
class _Kind:
    key: str
    permission: str  # the one that acts on the box's rows
    title: str  # msgid
    hint: str  # msgid
    rows: Callable[[Any], sa.Select]  # user id (or a bound parameter) -> the rows, in the order they are worked


def _loans(status: str) -> Callable[[Any], sa.Select]:
    return lambda _user_id: sa.select(Loan).where(Loan.status == status).order_by(Loan.id)


def _claims(status: str) -> Callable[[Any], sa.Select]:
    return lambda _user_id: sa.select(BenefitClaim).where(BenefitClaim.status == status).order_by(BenefitClaim.id)


# in the order they are worked
KINDS: tuple[_Kind, ...] = (
    _Kind("approve", "welfare.funds.approve", N_("Waiting for my approval"),
          N_("Disbursement requests that need your signature."),
          lambda user_id: pending_for_statement(user_id).order_by(Disbursement.id)),
    _Kind("loans_applied", "welfare.loans.manage", N_("Loan applications to send for approval"),
          N_("Choose the loan resolution and ask the signatories to pay it out."), _loans("applied")),
    _Kind("loans_pending", "welfare.loans.manage", N_("Loans waiting for the signatories"),
          N_("Paid out once enough signatories have approved."), _loans("pending")),
    _Kind("claims_submitted", "welfare.funds.claims", N_("Benefit claims to check"),
          N_("Check the documents and the amount."), _claims("submitted")),
    _Kind("claims_checked", "welfare.funds.request", N_("Checked claims to send for payment"),
          N_("Ask the signatories to pay the claim."), _claims("checked")),
)


def _count(rows: sa.Select) -> sa.Select:
    return rows.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None)


def _kinds_for(user, tenant_id: int) -> list[_Kind]:
    return [k for k in KINDS if can(user, k.permission, tenant_id)]


def inbox_for(user, tenant_id: int) -> list[Box]:
    """The boxes this person may act on, in the order they are worked, each
    with its count and its first rows."""
    boxes: list[Box] = []
    for kind in _kinds_for(user, tenant_id):
        rows = kind.rows(user.id)
        count = db.session.scalar(_count(rows)) or 0
        boxes.append(Box(kind.key, kind.title, kind.hint, int(count), list(db.session.scalars(rows.limit(SHOWN)))))
    return boxes


@cache
def _counts() -> dict[str, sa.Select]:
    """Each box's count, built once: the user and the day are bound
    parameters (``inbox_user_id``, ``welfare_today``)."""
    user = sa.bindparam("inbox_user_id", type_=sa.BigInteger)
    today = sa.bindparam("welfare_today", type_=sa.Date)
    found = {kind.key: _count(kind.rows(user)) for kind in KINDS if kind.key != "approve"}
    found["approve"] = _count(pending_for_statement(user, today))
    return found


def waiting(user, tenant) -> list[modules.Counted]:
    """The same boxes, for the organisation's first page: only their numbers,
    counted by the kernel with every other domain's in one statement (no row
    is read). Each leads to the welfare home, where they are listed
    (approvals to their own page)."""
    from flask import url_for
    from flask_babel import gettext as _

    counts = _counts()
    params = {"inbox_user_id": user.id, "welfare_today": ledger.today()}

    def counted(kind: _Kind) -> modules.Counted:
        url = url_for("welfare.approvals") if kind.key == "approve" else url_for("welfare.index") + "#inbox"
        return modules.Counted(
            key=f"welfare-{kind.key}", count=counts[kind.key],
            label=lambda n: _("%(what)s: %(n)s", what=_(kind.title), n=n), url=lambda _n, _first: url,
            params=params,
        )

    return [counted(kind) for kind in _kinds_for(user, tenant.id)]


modules.register_inbox("welfare", waiting)
