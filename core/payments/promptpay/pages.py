"""Paying with the organisation's own PromptPay QR: the settings page, the
payer's QR page (also as a PNG and a printable sheet), and staff confirming or
cancelling such a payment by hand."""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.auth.policies import can, require
from core.boundary import must_exist, refusal, writes
from core.errors import DomainError
from core.payments import bp, services
from core.payments.promptpay import gateway as promptpay_gateway
from core.payments.promptpay import render
from core.payments.promptpay import settings as promptpay_settings
from core.payments.stripe.pages import _payable

QR_TEMPLATE = "payments/own_promptpay.html"
PRINT_TEMPLATE = "payments/own_promptpay_print.html"
SETTINGS_TEMPLATE = "payments/own_promptpay_settings.html"


# -- settings --------------------------------------------------------------------

@bp.route("/settings/promptpay", methods=["GET", "POST"])
@require("payments.settings")
@writes
def promptpay_settings_page():
    if request.method == "POST":
        with refusal() as refused:
            if request.form.get("remove"):
                changed = promptpay_settings.remove(g.tenant, actor_id=current_user.id)
            else:
                fields = ("kind", "phone", "tax_id", "biller_id", "payee_name")
                data = {f: request.form.get(f) for f in fields}
                changed = promptpay_settings.update(g.tenant, data, actor_id=current_user.id)
            flash(_("PromptPay settings saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("payments.promptpay_settings_page"))
        return _settings_page(error=refused.error, form=request.form), 422
    return _settings_page()


def _settings_page(error: DomainError | None = None, form=None):
    stored = promptpay_settings.masked(g.tenant)
    return render_template(SETTINGS_TEMPLATE, stored=stored, error=error,
                           error_field=error.field if error else None, form=form or {},
                           kind=(form or {}).get("kind") or stored.get("kind") or "mobile")


# -- the payer's pages ----------------------------------------------------------------

def _urls(payment) -> dict[str, str]:
    return {
        "status_url": url_for("payments.pay_status", payment_id=payment.id),
        "png_url": url_for("payments.own_promptpay_png", payment_id=payment.id),
        "print_url": url_for("payments.own_promptpay_print", payment_id=payment.id),
    }


def _qr(payment):
    """The QR and its caption for a started payment, else None."""
    if payment.status != "pending" or not promptpay_gateway.is_own(payment):
        return None
    payload = promptpay_gateway.qr_payload(payment, g.tenant)
    return render.svg_with_caption(payload, payee_name=promptpay_settings.payee_name(g.tenant))


@bp.get("/<int:payment_id>/promptpay-qr")
@login_required
def own_promptpay(payment_id: int):
    payment = _payable(payment_id)
    if payment.method != "promptpay":
        return redirect(url_for("payments.pay", payment_id=payment.id))
    configured = promptpay_settings.configured(g.tenant)
    qr = _qr(payment) if configured else None
    if qr is None and payment.status == "pending" and not promptpay_gateway.is_own(payment):
        return redirect(url_for("payments.pay", payment_id=payment.id))
    return render_template(QR_TEMPLATE, payment=payment, qr=qr, configured=configured,
                           staff=can(current_user, "payments.record", g.tenant.id),
                           can_configure=can(current_user, "payments.settings", g.tenant.id), **_urls(payment))


@bp.post("/<int:payment_id>/promptpay-qr")
@login_required
@writes
def own_promptpay_start(payment_id: int):
    payment = _payable(payment_id)
    with refusal(flashed=True):
        promptpay_gateway.start(payment.id, tenant=g.tenant)
    return redirect(url_for("payments.own_promptpay", payment_id=payment_id))


@bp.get("/<int:payment_id>/promptpay-qr.png")
@login_required
def own_promptpay_png(payment_id: int):
    payment = _payable(payment_id)
    if not promptpay_settings.configured(g.tenant) or payment.status != "pending" \
            or not promptpay_gateway.is_own(payment):
        return redirect(url_for("payments.own_promptpay", payment_id=payment.id))
    image = render.png(promptpay_gateway.qr_payload(payment, g.tenant))
    return Response(image, mimetype="image/png", headers={
        "Content-Disposition": f'attachment; filename="promptpay-{payment.ref1}.png"',
        "Cache-Control": "private, no-store",
    })


@bp.get("/<int:payment_id>/promptpay-qr/print")
@login_required
def own_promptpay_print(payment_id: int):
    payment = _payable(payment_id)
    qr = _qr(payment) if promptpay_settings.configured(g.tenant) else None
    if qr is None:
        return redirect(url_for("payments.own_promptpay", payment_id=payment.id))
    return render_template(PRINT_TEMPLATE, payment=payment, qr=qr)


# -- staff -------------------------------------------------------------------------------

@bp.post("/<int:payment_id>/promptpay-qr/confirm")
@require("payments.record")
@must_exist(payment_id=services.get)  # 404 for another tenant's payment
@writes
def own_promptpay_confirm(payment_id: int):
    with refusal(flashed=True):
        changed = promptpay_gateway.confirm_by_staff(payment_id, request.form.get("bank_reference"),
                                                     actor_id=current_user.id)
        if changed:
            flash(_("The payment is marked as paid."), "success")
        else:
            flash(_("This payment was already settled; nothing was changed."), "info")
    return redirect(url_for("payments.own_promptpay", payment_id=payment_id))


@bp.post("/<int:payment_id>/promptpay-qr/cancel")
@require("payments.record")
@must_exist(payment_id=services.get)
@writes
def own_promptpay_cancel(payment_id: int):
    with refusal(flashed=True):
        changed = promptpay_gateway.cancel_by_staff(payment_id, actor_id=current_user.id)
        if changed:
            flash(_("The payment is cancelled."), "success")
        else:
            flash(_("This payment can no longer be cancelled."), "error")
    return redirect(url_for("payments.own_promptpay", payment_id=payment_id))
