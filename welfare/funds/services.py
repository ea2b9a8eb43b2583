"""Funds: create, change, look up. Services flush and never commit."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from welfare.models.funds import FUND_KINDS, Fund
from welfare.models.governance import DEFAULT_REQUIRED, ApprovalPolicy


class FundNotFound(NotFound):
    code = "welfare_fund_not_found"
    message = N_("Fund not found")


class FundNameTaken(Conflict):
    code = "welfare_fund_name_taken"
    message = N_("There is already a fund called %(name)s")


def get_fund(fund_id: int, *, for_update: bool = False) -> Fund:
    stmt = sa.select(Fund).where(Fund.id == fund_id)
    if for_update:
        stmt = stmt.with_for_update()
    fund = db.session.scalar(stmt)
    if fund is None:
        raise FundNotFound()
    return fund


def list_funds(*, active_only: bool = False) -> list[Fund]:
    stmt = sa.select(Fund).order_by(Fund.name)
    if active_only:
        stmt = stmt.where(Fund.active)
    return list(db.session.scalars(stmt))


def _check(name: str, kind: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(N_("Give the fund a name"), field="name")
    if len(name) > 200:
        raise ValidationError(N_("The name is too long (200 characters at most)"), field="name")
    if kind not in FUND_KINDS:
        raise ValidationError(N_("Choose a kind of fund"), field="kind")
    return name


def create_fund(
    *, name: str, kind: str, allows_lending: bool = True, public: bool = False,
    description: str = "", actor_id: int | None = None, required: int = DEFAULT_REQUIRED,
    requires_minutes: bool = False, requires_documents: bool = False,
) -> Fund:
    """A new fund with its own ledger book ``fund:<id>`` and an M-of-N policy
    (2 of the signatories by default)."""
    name = _check(name, kind)
    if db.session.scalar(sa.select(Fund.id).where(Fund.name == name)) is not None:
        raise FundNameTaken(name=name, field="name")
    fund = Fund(name=name, kind=kind, allows_lending=bool(allows_lending), public=bool(public),
                description=(description or "").strip(), requires_minutes=bool(requires_minutes),
                requires_documents=bool(requires_documents))
    db.session.add(fund)
    db.session.flush()
    fund.book = f"fund:{fund.id}"
    db.session.add(ApprovalPolicy(fund_id=fund.id, required=required))
    db.session.flush()
    record("welfare.fund.create", actor_id=actor_id, target_type="welfare_fund", target_id=fund.id,
           after=snapshot(fund))
    return fund


def update_fund(fund: Fund, *, actor_id: int | None = None, **changes) -> Fund:
    before = snapshot(fund)
    name = _check(changes.get("name", fund.name), changes.get("kind", fund.kind))
    clash = db.session.scalar(sa.select(Fund.id).where(Fund.name == name, Fund.id != fund.id))
    if clash is not None:
        raise FundNameTaken(name=name, field="name")
    fund.name = name
    fund.kind = changes.get("kind", fund.kind)
    for key in ("allows_lending", "public", "active", "requires_minutes", "requires_documents"):
        if key in changes:
            setattr(fund, key, bool(changes[key]))
    if "description" in changes:
        fund.description = (changes["description"] or "").strip()
    db.session.flush()
    record("welfare.fund.update", actor_id=actor_id, target_type="welfare_fund", target_id=fund.id,
           before=before, after=snapshot(fund))
    return fund
