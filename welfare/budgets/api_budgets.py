"""API: welfare budgets, their lines and approval (``/api/v1/t/<slug>/welfare``),
on the welfare funds API blueprint. The same permissions as the pages; amounts
are integer satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from welfare.budgets import services as budgets
from welfare.budgets.schemas import (
    WelfareBudgetApproveIn,
    WelfareBudgetIn,
    WelfareBudgetLineIn,
    WelfareBudgetOut,
)
from welfare.funds import services
from welfare.funds.api_funds import blp

# --- budgets --------------------------------------------------------------------------------


def _budget_out(budget_id: int):
    report = budgets.versus_actual(budget_id)
    b = report["budget"]
    return {
        "id": b.id, "fund_id": b.fund_id, "name": b.name, "period_start": b.period_start,
        "period_end": b.period_end, "status": b.status, "total": report["total"],
        "committed": report["committed"], "actual": report["actual"],
        "lines": [{"line_id": r["line"].id, "name": r["line"].name, "category": r["line"].category,
                   "cap_percent": r["line"].cap_percent, "budgeted": r["budgeted"], "committed": r["committed"],
                   "actual": r["actual"], "remaining": r["remaining"]} for r in report["rows"]],
    }


@blp.route("/funds/<int:fund_id>/budgets")
class Budgets(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareBudgetOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Budgets of a fund against actual."""
        return [_budget_out(b.id) for b in budgets.list_budgets(services.get_fund(fund_id).id)]

    @api_require("welfare.funds.manage")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareBudgetIn)
    @blp.response(201, WelfareBudgetOut)
    @api_writes
    def post(self, data, fund_id: int):
        """A budget for a period."""
        budget = budgets.create_budget(fund_id=fund_id, **data, actor_id=current_user.id)
        return _budget_out(budget.id)


@blp.route("/budgets/<int:budget_id>")
class BudgetDetail(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareBudgetOut)
    def get(self, budget_id: int):
        """A budget against actual."""
        return _budget_out(budgets.get_budget(budget_id).id)


@blp.route("/budgets/<int:budget_id>/lines")
class BudgetLines(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(budget_id=budgets.get_budget)
    @blp.arguments(WelfareBudgetLineIn)
    @blp.response(201, WelfareBudgetOut)
    @api_writes
    def post(self, data, budget_id: int):
        """Add a line; every capped line must still fit its cap."""
        budgets.add_line(budget_id=budget_id, category=data["category"], name=data["name"],
                         amount_satang=data["amount"], cap_percent=data["cap_percent"], actor_id=current_user.id)
        return _budget_out(budget_id)


@blp.route("/budgets/<int:budget_id>/approve")
class BudgetApprove(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(budget_id=budgets.get_budget)
    @blp.arguments(WelfareBudgetApproveIn)
    @blp.response(201, WelfareBudgetOut)
    @api_writes
    def post(self, data, budget_id: int):
        """Approve a draft budget under a budget resolution of its fund whose cap
        covers its total; only an approved budget can be charged."""
        budgets.approve_budget(budget_id, resolution_id=data["resolution_id"], actor_id=current_user.id)
        return _budget_out(budget_id)
