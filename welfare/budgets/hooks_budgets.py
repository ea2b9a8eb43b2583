"""Budgets' part in a fund's disbursements page: the budget lines a request
may charge."""

from welfare.budgets import services as budgets
from welfare.governance import panels


def budget_lines_panel(fund) -> dict:
    return {"lines": [line for b in budgets.list_budgets(fund.id) for line in budgets.lines_of(b.id)]}


panels.fund_disbursements_panel("welfare.budgets", budget_lines_panel)
