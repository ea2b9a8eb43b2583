"""Donation pages: staff record cash and goods in kind; anyone may give
online and see the public transparency page (totals and what donations
bought; never a donor's name or contact)."""

from __future__ import annotations

import secrets

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.ceilings.services import NeedsSecondPerson
from core.ceilings.web import hold
from core.payments.labels import method_label
from market import bp
from market.catalog import services as catalog
from market.catalog.web import errors_of, int_arg, posted
from market.donations import held, queries, services

IN_KIND_ROWS = 5


@bp.get("/donations")
@require("market.donations.view")
def donations():
    return render_template(
        "market/donations/index.html",
        donations=services.recent(page=int_arg("page") or 1),
        figures=queries.transparency(),
        can_record=can(current_user, "market.donations.record", g.tenant.id),
    )


@bp.route("/donations/cash", methods=["GET", "POST"])
@require("market.donations.record")
@writes
def donation_cash():
    data = {"method": "cash", "token": secrets.token_urlsafe(16)}
    errors: dict = {}
    if request.method == "POST":
        data = posted()
        with refusal() as refused:
            donation = services.record_cash(
                data, token=data.get("token", ""), actor_id=current_user.id
            )
            flash(_("Donation recorded"), "success")
            return redirect(url_for("market.donation", goods_donation_id=donation.id))
        if isinstance(exc := refused.error, NeedsSecondPerson):
            hold(exc, action=held.CASH, payload=data, summary=data.get("donor_name") or "")
            return redirect(url_for("ceilings.index"))
        if exc:
            errors = errors_of(exc)
    return render_template("market/donations/cash.html", data=data, errors=errors), (
        422 if errors else 200
    )


@bp.route("/donations/in-kind", methods=["GET", "POST"])
@require("market.donations.record")
@writes
def donation_in_kind():
    data: dict = {"centre_id": int_arg("centre")}
    errors: dict = {}
    if request.method == "POST":
        data = posted()
        lines = [
            {
                "item_id": data.get(f"item_id-{n}"),
                "quantity": data.get(f"quantity-{n}"),
                "unit_value": data.get(f"unit_value-{n}"),
            }
            for n in range(IN_KIND_ROWS)
        ]
        with refusal() as refused:
            donation = services.record_in_kind(data, lines, actor_id=current_user.id)
            flash(_("Donation recorded"), "success")
            return redirect(url_for("market.donation", goods_donation_id=donation.id))
        if isinstance(exc := refused.error, NeedsSecondPerson):
            hold(exc, action=held.IN_KIND, payload={"data": data, "lines": lines},
                 summary=data.get("donor_name") or "")
            return redirect(url_for("ceilings.index"))
        if exc:
            errors = errors_of(exc)
    return render_template(
        "market/donations/in_kind.html",
        data=data,
        errors=errors,
        centres=catalog.centres(),
        items=catalog.items(active_only=True),
        rows=range(IN_KIND_ROWS),
    ), (422 if errors else 200)


@bp.get("/donations/<int:goods_donation_id>")
@require("market.donations.view")
def donation(goods_donation_id: int):
    return render_template(
        "market/donations/receipt.html", donation=services.get(goods_donation_id)
    )


# --- public ------------------------------------------------------------------------------


@bp.get("/donations/public")
def donations_public():
    return render_template("market/donations/public.html", figures=queries.transparency())


@bp.route("/donate", methods=["GET", "POST"])
@writes
def donate():
    data: dict = {}
    errors: dict = {}
    methods = [(m, method_label(m)) for m in services.online_methods(g.tenant)]
    if request.method == "POST":
        data = posted()
        with refusal() as refused:
            donation, payment = services.start_online(data, tenant=g.tenant)
            checkout = services.checkout(
                payment,
                tenant=g.tenant,
                return_url=url_for("market.donate_thanks"),
                cancel_url=url_for("market.donate"),
            )
            if checkout.redirect_url:
                return redirect(checkout.redirect_url)
            return render_template(
                "market/donations/pay_qr.html", checkout=checkout, donation=donation,
                qr=_own_qr(checkout),
            )
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/donations/donate.html", data=data, errors=errors, methods=methods
    ), (422 if errors else 200)


def _own_qr(checkout):
    """The organisation's own PromptPay QR, drawn here (Stripe's comes as an image)."""
    if checkout.qr_image_url or not checkout.qr_payload:
        return None
    from core.payments.promptpay import render
    from core.payments.promptpay import settings as promptpay_settings

    return render.svg_with_caption(
        checkout.qr_payload, payee_name=promptpay_settings.payee_name(g.tenant)
    )


@bp.get("/donate/thanks")
def donate_thanks():
    return render_template("market/donations/thanks.html")
