"""Waste-bank pages: rates, deposits of recyclables and a household's credit."""

from __future__ import annotations

import secrets

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.policies import require
from core.boundary import refusal, writes
from core.ceilings.services import NeedsSecondPerson
from core.ceilings.web import hold
from core.errors import N_, ValidationError
from core.registry.queries import get_household, household_by_code
from market import bp
from market.coupons import permissions  # noqa: F401
from market.coupons.forms import baht, int_or_none
from market.wallet import held, services


@bp.route("/wallet/", methods=["GET", "POST"])
@require("market.wallet.operate")
@writes
def wallet_index():
    error = entry = None
    if request.method == "POST":
        with refusal() as refused:
            if request.form.get("action") == "rate":
                services.set_rate(
                    request.form.get("material", ""), baht(request.form.get("rate"), "rate"),
                    actor_id=current_user.id,
                )
            else:
                code = (request.form.get("household_code") or "").strip()[:40]
                found = household_by_code(code)
                if found is None:
                    raise ValidationError(N_("No household has this code"), field="household_code")
                household_id = found.id
                asked = {"household_id": household_id,
                         "rate_id": int_or_none(request.form.get("rate_id"), "rate_id") or 0,
                         "weight_grams": int_or_none(request.form.get("weight_grams"), "weight_grams") or 0,
                         "key": (request.form.get("key") or "")[:100]}
                try:
                    entry = held.deposit(asked, current_user.id)
                except NeedsSecondPerson as exc:
                    hold(exc, action=held.DEPOSIT, payload=asked, summary=code)
                    return redirect(url_for("ceilings.index"))
            if entry is not None:
                return redirect(url_for("market.wallet_household", household_id=household_id))
        if refused:
            error = refused.error
    return render_template(
        "market/wallet/index.html",
        rates=services.rates(),
        error=error,
        key=secrets.token_urlsafe(12),
    ), (error.status if error else 200)


@bp.get("/wallet/households/<int:household_id>")
@require("market.wallet.view")
def wallet_household(household_id: int):
    household = get_household(household_id)
    return render_template(
        "market/wallet/household.html",
        household=household,
        balance=services.balance(household_id),
        entries=services.entries(household_id),
    )
