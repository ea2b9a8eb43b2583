"""The payer's pages (choose PromptPay or card, Stripe's PromptPay QR on our
own page, a small status endpoint it polls) and the tenant's Stripe settings."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import DomainError, Forbidden
from core.payments import bp, gateway, queries, services
from core.payments.models import Payment
from core.payments.stripe import gateway as stripe_gateway
from core.payments.stripe import settings as stripe_settings

OPEN = ("created", "pending")


def _payable(payment_id: int) -> Payment:
    """The payer (the person the payment names) or staff who record payments."""
    payment = services.get(payment_id)
    if can(current_user, "payments.record", g.tenant.id):
        return payment
    if queries.is_payer(payment, current_user.id):
        return payment
    raise Forbidden()


@bp.get("/<int:payment_id>/pay")
@login_required
def pay(payment_id: int):
    """Offers only what the organisation set up: Stripe's PromptPay and card,
    else its own PromptPay QR (its own page), else the fake gateway when the
    config switches it on; otherwise says there is no way to pay online."""
    from core.payments.promptpay import gateway as promptpay_gateway

    payment = _payable(payment_id)
    stripe = gateway.stripe_configured(g.tenant)
    if (payment.method == "promptpay" and payment.provider != "fake" and not stripe
            and gateway.own_promptpay_configured(g.tenant)
            and (payment.status == "created" or promptpay_gateway.is_own(payment))):
        return redirect(url_for("payments.own_promptpay", payment_id=payment.id))
    offer = gateway.fake_enabled() if payment.provider == "fake" else stripe
    return render_template("payments/stripe_pay.html", payment=payment, open=payment.status in OPEN,
                           offer=offer, status_url=url_for("payments.pay_status", payment_id=payment.id))


@bp.post("/<int:payment_id>/pay")
@login_required
@writes
def start_payment(payment_id: int):
    payment = _payable(payment_id)
    method = request.form.get("method")
    back = url_for("payments.pay", payment_id=payment.id, _external=True)
    with refusal(flashed=True) as refused:
        checkout = stripe_gateway.start(payment.id, method=method, tenant=g.tenant, return_url=back,
                                        cancel_url=back, email=current_user.email)
    if refused:
        return redirect(url_for("payments.pay", payment_id=payment_id))
    if checkout.redirect_url:
        return redirect(checkout.redirect_url)
    return redirect(url_for("payments.promptpay_qr", payment_id=payment_id))


@bp.get("/<int:payment_id>/promptpay")
@login_required
def promptpay_qr(payment_id: int):
    payment = _payable(payment_id)
    if payment.status not in OPEN or payment.method != "promptpay":
        return redirect(url_for("payments.pay", payment_id=payment.id))
    try:
        checkout = stripe_gateway.GATEWAY.promptpay_qr(payment, g.tenant)
    except DomainError as exc:
        flash(exc.translated(), "error")
        return redirect(url_for("payments.pay", payment_id=payment.id))
    expires = datetime.fromtimestamp(checkout.expires_at, UTC) if checkout.expires_at else None
    return render_template("payments/stripe_promptpay.html", payment=payment, checkout=checkout, expires=expires,
                           status_url=url_for("payments.pay_status", payment_id=payment.id),
                           done_url=url_for("payments.pay", payment_id=payment.id))


@bp.get("/<int:payment_id>/status")
@login_required
def pay_status(payment_id: int):
    payment = _payable(payment_id)
    return jsonify({"id": payment.id, "status": payment.status, "paid": payment.status == "succeeded"
                    or payment.status.endswith("refunded"), "open": payment.status in OPEN})


@bp.route("/settings/stripe", methods=["GET", "POST"])
@require("payments.settings")
@writes
def stripe_settings_page():
    if request.method == "POST":
        data = {field: request.form.get(field) for field in stripe_settings.FIELDS}
        clear = frozenset(f for f in stripe_settings.FIELDS if request.form.get(f"clear_{f}"))
        with refusal(flashed=True) as refused:
            changed = stripe_settings.update(g.tenant, data, actor_id=current_user.id, clear=clear)
            flash(_("Stripe settings saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("payments.stripe_settings_page"))
        return render_template("payments/stripe_settings.html", masked=stripe_settings.masked(g.tenant),
                               webhook_url=_webhook_url(), error_field=refused.field), 422
    return render_template("payments/stripe_settings.html", masked=stripe_settings.masked(g.tenant),
                           webhook_url=_webhook_url(), error_field=None)


def _webhook_url() -> str:
    return url_for("stripe_webhook.stripe_webhook", _external=True)
