"""Budget pages: budgets of a fund, lines with caps, budget against actual."""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, must_exist, writes
from core.ledger import services as ledger
from welfare import bp
from welfare.budgets import services
from welfare.funds.services import get_fund
from welfare.funds.web import form_date, form_int, form_money, form_text
from welfare.governance import services as governance
from welfare.models.funds import BUDGET_CATEGORIES


def _can_manage() -> bool:
    return can(current_user, "welfare.funds.manage", g.tenant.id)


@bp.get("/funds/<int:fund_id>/budgets")
@require("welfare.funds.view")
def budgets(fund_id: int):
    return _budgets_page(fund_id)


def _budgets_page(fund_id: int):
    fund = get_fund(fund_id)
    rows = [services.versus_actual(b.id) for b in services.list_budgets(fund.id)]
    resolutions = [r for r in governance.list_resolutions(fund_id=fund.id)
                   if r.status == "active" and r.kind == "budget_change"]
    return render_template("welfare/budgets/budgets.html", fund=fund, reports=rows, categories=BUDGET_CATEGORIES,
                           today=ledger.today(), can_manage=_can_manage(), budget_resolutions=resolutions)


@bp.post("/funds/<int:fund_id>/budgets")
@require("welfare.funds.manage")
@writes
@must_exist(fund_id=get_fund)
def create_budget(fund_id: int):
    def act():
        services.create_budget(fund_id=fund_id, name=form_text("name", 300), period_start=form_date("period_start"),
                               period_end=form_date("period_end"), actor_id=current_user.id)
        return url_for("welfare.budgets", fund_id=fund_id)

    return attempt(act, lambda: _budgets_page(fund_id))


@bp.post("/budgets/<int:budget_id>/lines")
@require("welfare.funds.manage")
@writes
def add_budget_line(budget_id: int):
    budget = services.get_budget(budget_id)

    def act():
        services.add_line(budget_id=budget.id, category=form_text("category", 30), name=form_text("name", 300),
                          amount_satang=form_money("amount"), cap_percent=form_int("cap_percent", required=False),
                          actor_id=current_user.id)
        return url_for("welfare.budgets", fund_id=budget.fund_id)

    return attempt(act, lambda: _budgets_page(budget.fund_id))


@bp.post("/budgets/<int:budget_id>/approve")
@require("welfare.funds.manage")
@writes
def approve_budget(budget_id: int):
    budget = services.get_budget(budget_id)

    def act():
        services.approve_budget(
            budget.id, resolution_id=form_int("resolution_id"), actor_id=current_user.id
        )
        return url_for("welfare.budgets", fund_id=budget.fund_id)

    return attempt(act, lambda: _budgets_page(budget.fund_id))
