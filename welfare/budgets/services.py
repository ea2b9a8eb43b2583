"""Budgets per fund and period, with lines and caps (e.g. administration at
most 20% of the budget), and budget against actual. Spending charged to a line
is counted by ``welfare.governance.disbursements`` (row-locked); beyond the
line it needs a budget-change resolution, and never beyond a cap."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.i18n.formatting import format_thb
from welfare.funds import validate as v
from welfare.funds.services import get_fund
from welfare.governance.errors import BudgetCapExceeded, BudgetEmpty
from welfare.models.funds import BUDGET_CATEGORIES, Budget, BudgetLine
from welfare.models.governance import Disbursement


class BudgetNotFound(NotFound):
    code = "welfare_budget_not_found"
    message = N_("Budget not found")


class BudgetNotDraft(Conflict):
    code = "welfare_budget_not_draft"
    message = N_("Only a draft budget can be approved")


def get_budget(budget_id: int) -> Budget:
    budget = db.session.scalar(sa.select(Budget).where(Budget.id == budget_id))
    if budget is None:
        raise BudgetNotFound()
    return budget


def create_budget(*, fund_id: int, name: str, period_start: date, period_end: date,
                  actor_id: int | None = None) -> Budget:
    fund = get_fund(fund_id)
    period_start = v.day(period_start, "period_start")
    period_end = v.day(period_end, "period_end")
    if period_end < period_start:
        raise ValidationError(N_("The end cannot be before the start"), field="period_end")
    budget = Budget(fund_id=fund.id, name=v.text(name, "name", N_("Give the budget a name")),
                    period_start=period_start, period_end=period_end, status="draft")
    db.session.add(budget)
    db.session.flush()
    record("welfare.budget.create", actor_id=actor_id, target_type="welfare_budget", target_id=budget.id,
           after=snapshot(budget))
    return budget


def lines_of(budget_id: int) -> list[BudgetLine]:
    return list(db.session.scalars(sa.select(BudgetLine).where(BudgetLine.budget_id == budget_id)
                                   .order_by(BudgetLine.id)))


def check_caps(lines: list[BudgetLine]) -> None:
    total = sum(line.amount_satang for line in lines)
    for line in lines:
        if line.cap_percent is None:
            continue
        limit = total * line.cap_percent // 100
        if line.amount_satang > limit or line.spent_satang > limit:
            raise BudgetCapExceeded(line=line.name, cap=line.cap_percent, limit=format_thb(limit), field="amount")


def add_line(*, budget_id: int, category: str, name: str, amount_satang: int, cap_percent: int | None = None,
             actor_id: int | None = None) -> BudgetLine:
    """A new line; every capped line of the budget must still fit its cap."""
    budget = db.session.scalar(sa.select(Budget).where(Budget.id == budget_id).with_for_update())
    if budget is None:
        raise BudgetNotFound()
    category = v.choice(category, BUDGET_CATEGORIES, "category", N_("Choose a category"))
    amount = v.amount(amount_satang)
    if cap_percent is not None and (isinstance(cap_percent, bool) or not isinstance(cap_percent, int)
                                    or not 1 <= cap_percent <= 100):
        raise ValidationError(N_("A cap is a percentage from 1 to 100"), field="cap_percent")
    line = BudgetLine(budget_id=budget.id, fund_id=budget.fund_id, category=category,
                      name=v.text(name, "name", N_("Name the budget line")), amount_satang=amount,
                      cap_percent=cap_percent, spent_satang=0)
    db.session.add(line)
    db.session.flush()
    with db.session.no_autoflush:
        check_caps(lines_of(budget.id))
    record("welfare.budget.line.add", actor_id=actor_id, target_type="welfare_budget", target_id=budget.id,
           after=snapshot(line))
    return line


def change_line(line_id: int, *, amount_satang: int, actor_id: int | None = None) -> BudgetLine:
    line = db.session.scalar(sa.select(BudgetLine).where(BudgetLine.id == line_id).with_for_update())
    if line is None:
        raise BudgetNotFound()
    db.session.scalar(sa.select(Budget.id).where(Budget.id == line.budget_id).with_for_update())
    before = snapshot(line)
    line.amount_satang = v.amount(amount_satang)
    db.session.flush()
    check_caps(lines_of(line.budget_id))
    record("welfare.budget.line.change", actor_id=actor_id, target_type="welfare_budget", target_id=line.budget_id,
           before=before, after=snapshot(line))
    return line


def approve_budget(budget_id: int, *, resolution_id: int, actor_id: int | None = None) -> Budget:
    """Approve a draft budget under a budget resolution of its fund, whose cap
    must cover the budget's total (counted against it): only then can the
    budget be charged."""
    from welfare.governance import disbursements

    budget = db.session.scalar(sa.select(Budget).where(Budget.id == budget_id).with_for_update())
    if budget is None:
        raise BudgetNotFound()
    if budget.status != "draft":
        raise BudgetNotDraft()
    total = sum(line.amount_satang for line in lines_of(budget.id))
    if total <= 0:
        raise BudgetEmpty(field="resolution_id")
    with db.session.begin_nested():
        disbursements.use_resolution(
            resolution_id, total, kinds={"budget_change"}, fund_id=budget.fund_id
        )
        budget.status = "approved"
        budget.resolution_id = resolution_id
        db.session.flush()
    record("welfare.budget.approve", actor_id=actor_id, target_type="welfare_budget", target_id=budget.id,
           after={"resolution_id": resolution_id, "total": total})
    return budget


def list_budgets(fund_id: int) -> list[Budget]:
    return list(db.session.scalars(sa.select(Budget).where(Budget.fund_id == fund_id)
                                   .order_by(Budget.period_start.desc())))


def versus_actual(budget_id: int) -> dict:
    """Per line: budgeted, committed (pending and paid requests), actually paid,
    remaining, share of the total; and the totals."""
    budget = get_budget(budget_id)
    lines = lines_of(budget.id)
    paid = dict(db.session.execute(
        sa.select(Disbursement.budget_line_id, sa.func.sum(Disbursement.amount_satang))
        .where(Disbursement.budget_line_id.in_([line.id for line in lines] or [0]), Disbursement.status == "paid")
        .group_by(Disbursement.budget_line_id)
    ).all())
    total = sum(line.amount_satang for line in lines)
    rows = []
    for line in lines:
        actual = int(paid.get(line.id) or 0)
        rows.append({
            "line": line,
            "budgeted": line.amount_satang,
            "committed": line.spent_satang,
            "actual": actual,
            "remaining": line.amount_satang - line.spent_satang,
            "share_percent": (line.amount_satang * 100 / total) if total else 0,
            "cap_limit": total * line.cap_percent // 100 if line.cap_percent else None,
        })
    return {
        "budget": budget,
        "rows": rows,
        "total": total,
        "committed": sum(r["committed"] for r in rows),
        "actual": sum(r["actual"] for r in rows),
    }
