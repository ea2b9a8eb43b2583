"""Exchange pages: barter with partners and loans of goods to households."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import require
from core.boundary import refusal, writes
from market import bp
from market.catalog import services as catalog
from market.catalog.web import errors_of, int_arg, posted
from market.exchange import queries, services

ROWS = 4


@bp.get("/exchange")
@require("market.exchange.manage")
def exchange():
    return render_template(
        "market/exchange/index.html",
        barters=services.barters(),
        overdue=[loan for loan in services.loans("out") if loan.due_on < services.today()],
    )


@bp.route("/exchange/barter", methods=["GET", "POST"])
@require("market.exchange.manage")
@writes
def barter_new():
    data: dict = {"centre_id": int_arg("centre")}
    errors: dict = {}
    if request.method == "POST":
        data = posted()

        def lines(prefix):
            return [
                {
                    "item_id": data.get(f"{prefix}_item_id-{n}"),
                    "quantity": data.get(f"{prefix}_quantity-{n}"),
                    "unit_value": data.get(f"{prefix}_unit_value-{n}"),
                }
                for n in range(ROWS)
            ]

        with refusal() as refused:
            deal = services.barter(data, lines("out"), lines("in"), actor_id=current_user.id)
            flash(_("Exchange recorded"), "success")
            return redirect(url_for("market.barter", barter_id=deal.id))
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/exchange/barter_form.html",
        data=data,
        errors=errors,
        centres=catalog.centres(),
        items=catalog.items(active_only=True),
        rows=range(ROWS),
    ), (422 if errors else 200)


@bp.get("/exchange/barters/<int:barter_id>")
@require("market.exchange.manage")
def barter(barter_id: int):
    return render_template("market/exchange/barter.html", deal=services.get_barter(barter_id))


@bp.route("/exchange/loans", methods=["GET", "POST"])
@require("market.exchange.manage")
@writes
def loans():
    data: dict = {}
    errors: dict = {}
    if request.method == "POST":
        data = posted()
        with refusal() as refused:
            services.lend(data, actor_id=current_user.id)
            flash(_("Loan recorded"), "success")
            return redirect(url_for("market.loans"))
        if exc := refused.error:
            errors = errors_of(exc)
    households = queries.households_to_lend_to()
    return render_template(
        "market/exchange/loans.html",
        loans=services.loans(),
        data=data,
        errors=errors,
        centres=catalog.centres(),
        items=[i for i in catalog.items(active_only=True) if i.lendable],
        households=households,
        today=services.today(),
    ), (422 if errors else 200)


@bp.post("/exchange/loans/<int:goods_loan_id>/return")
@require("market.exchange.manage")
@writes
def loan_return(goods_loan_id: int):
    return _close_loan(goods_loan_id, "return")


@bp.post("/exchange/loans/<int:goods_loan_id>/lost")
@require("market.exchange.manage")
@writes
def loan_lost(goods_loan_id: int):
    return _close_loan(goods_loan_id, "lost")


def _close_loan(goods_loan_id: int, step: str):
    loan = services.get_loan(goods_loan_id)
    with refusal() as refused:
        if step == "return":
            services.return_loan(loan, actor_id=current_user.id)
        else:
            services.mark_lost(loan, actor_id=current_user.id)
        flash(_("Saved"), "success")
    if exc := refused.error:
        flash(errors_of(exc).popitem()[1], "error")
    return redirect(url_for("market.loans"))
