"""Fund pages: list, create, overview with balances, signatories and policy
(the signatory and policy forms are governance's: welfare.governance.routes_governance)."""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, writes
from core.ledger import services as ledger
from welfare import bp
from welfare.funds import panels, queries, services
from welfare.funds.web import form_bool, form_text
from welfare.models.funds import FUND_KINDS


def _can(permission: str) -> bool:
    return can(current_user, permission, g.tenant.id)


@bp.get("/funds")
@require("welfare.funds.view")
def funds():
    return _funds_page()


def _funds_page():
    rows = [(f, queries.money_held(f)) for f in services.list_funds()]
    return render_template("welfare/funds/list.html", rows=rows, kinds=FUND_KINDS,
                           can_manage=_can("welfare.funds.manage"))


@bp.post("/funds")
@require("welfare.funds.manage")
@writes
def create_fund():
    def act():
        fund = services.create_fund(
            name=form_text("name", 300), kind=form_text("kind", 20), allows_lending=form_bool("allows_lending"),
            public=form_bool("public"), description=form_text("description"),
            requires_minutes=form_bool("requires_minutes"), requires_documents=form_bool("requires_documents"),
            actor_id=current_user.id)
        return url_for("welfare.fund", fund_id=fund.id)

    return attempt(act, _funds_page)


@bp.get("/funds/<int:fund_id>")
@require("welfare.funds.view")
def fund(fund_id: int):
    return fund_page(fund_id)


def fund_page(fund_id: int):
    """The fund's overview; the signatory and policy forms (governance) show
    their errors on it too. Governance and sources add their panels
    (welfare.funds.panels)."""
    fund = services.get_fund(fund_id)
    today = ledger.today()
    return render_template(
        "welfare/funds/fund.html", fund=fund, balances=queries.balances(fund),
        today=today, required=queries.required_for(fund.id),
        team=queries.team(g.tenant.id) if _can("welfare.funds.manage") else [],
        can_manage=_can("welfare.funds.manage"), kinds=FUND_KINDS,
        bank_accounts=queries.bank_accounts_of(fund) if _can("payments.reconcile") else None,
        **{"signatories": [], "names": {}, "valid_count": 0, "free": 0, **panels.fund_panels(fund)},
    )


@bp.post("/funds/<int:fund_id>")
@require("welfare.funds.manage")
@writes
def update_fund(fund_id: int):
    fund = services.get_fund(fund_id)

    def act():
        services.update_fund(fund, name=form_text("name", 300), kind=form_text("kind", 20),
                             allows_lending=form_bool("allows_lending"), public=form_bool("public"),
                             active=form_bool("active"), description=form_text("description"),
                             requires_minutes=form_bool("requires_minutes"),
                             requires_documents=form_bool("requires_documents"), actor_id=current_user.id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: fund_page(fund_id))
