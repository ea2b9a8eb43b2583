"""Portfolio pages: products, group loans with their collection sheet, and the
ageing / PAR report with its chart."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import welfare.loans.permissions  # noqa: F401
from core.auth.policies import can, require
from core.boundary import attempt, writes
from core.ledger import services as ledger
from welfare import bp
from welfare.funds.services import get_fund, list_funds
from welfare.governance import services as governance
from welfare.loans import ageing, forms, metrics, queries, services
from welfare.loans.allocation import STRATEGIES
from welfare.loans.routes_loans import _names
from welfare.models.loans import ALLOCATION_STRATEGIES, FREQUENCIES, INTEREST_METHODS


def _products_page():
    return render_template(
        "welfare/loans/products.html",
        products=services.list_products(),
        funds=[f for f in list_funds(active_only=True) if f.allows_lending],
        methods=INTEREST_METHODS,
        frequencies=FREQUENCIES,
        strategies=ALLOCATION_STRATEGIES,
        form=request.form,
        can_manage=can(current_user, "welfare.loans.manage", g.tenant.id),
    )


@bp.get("/loans/products")
@require("welfare.loans.view")
def loan_products():
    return _products_page()


@bp.post("/loans/products")
@require("welfare.loans.manage")
@writes
def loan_product_create():
    def act():
        strategy = forms.text("allocation_strategy", 12) or "installment"
        services.create_product(
            fund_id=forms.whole("fund_id"),
            name=forms.text("name", 200),
            method=forms.text("method", 12),
            annual_rate_bp=forms.rate_bp("rate"),
            fee_satang=forms.money("fee", required=False) or 0,
            term=forms.whole("term"),
            frequency=forms.text("frequency", 10),
            grace=forms.whole("grace", default=0),
            max_amount_satang=forms.money("max_amount", required=False),
            allocation_order=forms.text("allocation_order", 40) or "fee,interest,principal",
            allocation_strategy=strategy if strategy in STRATEGIES else "?",
            actor_id=current_user.id,
        )
        return url_for("welfare.loan_products")

    return attempt(act, _products_page, _("The loan product is saved."))


def _groups_page():
    return render_template(
        "welfare/loans/groups.html",
        groups=services.list_groups(),
        funds=[f for f in list_funds(active_only=True) if f.allows_lending],
        can_manage=can(current_user, "welfare.loans.manage", g.tenant.id),
    )


@bp.get("/loans/groups")
@require("welfare.loans.view")
def loan_groups():
    return _groups_page()


@bp.post("/loans/groups")
@require("welfare.loans.manage")
@writes
def loan_group_create():
    def act():
        group = services.create_group(
            fund_id=forms.whole("fund_id"),
            name=forms.text("name", 200),
            meeting_place=forms.text("meeting_place", 200),
            actor_id=current_user.id,
        )
        return url_for("welfare.loan_group", group_id=group.id)

    return attempt(act, _groups_page, _("The group is created."))


def _group_page(group_id: int):
    group = services.get_group(group_id)
    loans = services.group_loans(group.id)
    resolutions = [
        r
        for r in governance.list_resolutions(fund_id=group.fund_id)
        if r.status == "active" and r.kind == "loan"
    ]
    return render_template(
        "welfare/loans/group.html",
        group=group,
        fund=get_fund(group.fund_id),
        loans=loans,
        names=_names(loan.borrower_person_id for loan in loans),
        resolutions=resolutions,
        can_manage=can(current_user, "welfare.loans.manage", g.tenant.id),
    )


@bp.get("/loans/groups/<int:group_id>")
@require("welfare.loans.view")
def loan_group(group_id: int):
    return _group_page(group_id)


@bp.post("/loans/groups/<int:group_id>/disburse")
@require("welfare.loans.manage")
@writes
def loan_group_disburse(group_id: int):
    def act():
        services.request_group_disbursements(
            group_id,
            resolution_id=forms.whole("resolution_id"),
            requested_by=current_user.id,
            pay_from=forms.text("pay_from", 10) or "cash",
        )
        return url_for("welfare.loan_group", group_id=group_id)

    return attempt(
        act,
        lambda: _group_page(group_id),
        _("The group's disbursements are waiting for the signatories' approval."),
    )


@bp.get("/loans/groups/<int:group_id>/sheet")
@require("welfare.loans.view")
def loan_collection_sheet(group_id: int):
    group = services.get_group(group_id)
    as_of = forms.parse_date(request.args.get("on")) or ledger.today()
    rows = queries.collection_sheet(group_id=group.id, as_of=as_of)
    return render_template(
        "welfare/loans/sheet.html",
        group=group,
        fund=get_fund(group.fund_id),
        rows=rows,
        as_of=as_of,
        names=_names(r["loan"].borrower_person_id for r in rows),
        total_due=sum(r["due"] for r in rows),
    )


@bp.get("/loans/par")
@require("welfare.loans.view")
def loan_par():
    fund_id = forms.arg_int("fund")
    as_of = forms.parse_date(request.args.get("on")) or ledger.today()
    report = queries.par_report(as_of, fund_id=fund_id)
    totals = metrics.fund_totals(fund_id) if fund_id else None
    peak = max([b["outstanding"] for b in report["buckets"].values()] + [1])
    arrears = queries.arrears(as_of, fund_id=fund_id, limit=100)
    return render_template(
        "welfare/loans/par.html",
        report=report,
        as_of=as_of,
        fund_id=fund_id,
        funds=list_funds(),
        totals=totals,
        peak=peak,
        buckets=ageing.BUCKETS,
        arrears=arrears,
        names=_names(a["loan"].borrower_person_id for a in arrears),
    )
