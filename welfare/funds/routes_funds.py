"""Fund pages: list, create, overview with balances, signatories and policy."""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_login import current_user

import welfare.funds.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, writes
from core.ledger import services as ledger
from welfare import bp
from welfare.funds import queries, services
from welfare.funds.web import form_bool, form_date, form_int, form_text
from welfare.governance import disbursements
from welfare.governance import services as governance
from welfare.models.funds import FUND_KINDS
from welfare.sources import restricted


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
    return _fund_page(fund_id)


def _fund_page(fund_id: int):
    fund = services.get_fund(fund_id)
    signatories = governance.list_signatories(fund.id)
    names = queries.user_names([s.user_id for s in signatories])
    today = ledger.today()
    return render_template(
        "welfare/funds/fund.html", fund=fund, balances=queries.balances(fund), signatories=signatories,
        names=names, today=today, required=queries.required_for(fund.id),
        valid_count=len(disbursements.valid_signatories(fund.id)),
        team=queries.team(g.tenant.id) if _can("welfare.funds.manage") else [],
        can_manage=_can("welfare.funds.manage"), kinds=FUND_KINDS,
        free=restricted.unrestricted_available(fund),
        bank_accounts=queries.bank_accounts_of(fund) if _can("payments.reconcile") else None,
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

    return attempt(act, lambda: _fund_page(fund_id))


@bp.post("/funds/<int:fund_id>/signatories")
@require("welfare.funds.manage")
@writes
def add_signatory(fund_id: int):
    services.get_fund(fund_id)  # 404 before reading the form
    def act():
        governance.add_signatory(
            fund_id=fund_id, user_id=form_int("user_id"), valid_from=form_date("valid_from"),
            valid_until=form_date("valid_until", required=False), actor_id=current_user.id, tenant_id=g.tenant.id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: _fund_page(fund_id))


@bp.post("/funds/<int:fund_id>/signatories/<int:signatory_id>/end")
@require("welfare.funds.manage")
@writes
def end_signatory(fund_id: int, signatory_id: int):
    services.get_fund(fund_id)  # 404 before reading the form
    def act():
        governance.end_signatory(signatory_id, until=form_date("until", required=False) or ledger.today(),
                                 actor_id=current_user.id, fund_id=fund_id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: _fund_page(fund_id))


@bp.post("/funds/<int:fund_id>/policy")
@require("welfare.funds.manage")
@writes
def set_policy(fund_id: int):
    services.get_fund(fund_id)  # 404 before reading the form
    def act():
        services.get_fund(fund_id)
        governance.set_required(fund_id, form_int("required"), actor_id=current_user.id)
        return url_for("welfare.fund", fund_id=fund_id)

    return attempt(act, lambda: _fund_page(fund_id))
