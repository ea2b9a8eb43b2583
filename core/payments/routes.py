"""Payment pages: the list, one payment, refunds, and the fake gateway's
checkout page (only with ``PAYMENTS_FAKE_GATEWAY`` on: tests and the demo)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import csv_export
from core.auth.policies import require
from core.boundary import refusal, writes
from core.money import Money
from core.payments import bp, gateway, purposes, queries, services
from core.payments.labels import STATUS_BADGE, method_label, status_label
from core.redirects import local_path_or


@bp.app_template_filter("payment_status")
def _status(value: str) -> str:
    return status_label(value)


@bp.app_template_filter("payment_method")
def _method(value: str) -> str:
    return method_label(value)


@bp.app_template_filter("payment_purpose")
def _purpose(payment) -> purposes.Purpose:
    """What the payment is for, in the payer's language, and the way back."""
    return purposes.describe(payment)


@bp.get("/")
@require("payments.view")
def index():
    page = request.args.get("page", 1, type=int) or 1
    rows, more = queries.payments(request.args.get("status") or None, request.args.get("method") or None, page)
    return render_template("payments/index.html", rows=rows, more=more, page=page, badge=STATUS_BADGE)


@bp.get("/export.csv")
@require("payments.view")
def export_csv():
    """The payments list as CSV, with the page's filters and columns."""
    from core.payments.models import Payment

    stmt = queries.payments_query(request.args.get("status") or None, request.args.get("method") or None)

    def rows():
        for p in csv_export.batched(stmt, Payment.id):
            yield [p.id, csv_export.local_time(p.created_at), p.description or p.purpose,
                   method_label(p.method), csv_export.Satang(p.amount), status_label(p.status)]

    return csv_export.response(
        "payments", [_("No."), _("Date"), _("For"), _("Method"), _("Amount"), _("Status")], rows,
        stream=True,
    )


@bp.get("/<int:payment_id>")
@require("payments.view")
def detail(payment_id: int):
    payment = services.get(payment_id)
    return render_template("payments/detail.html", payment=payment, events=queries.events(payment_id),
                           refunds=queries.refunds(payment_id), badge=STATUS_BADGE)


@bp.post("/<int:payment_id>/refund")
@require("payments.refund")
@writes
def refund(payment_id: int):
    payment = services.get(payment_id)
    with refusal(flashed=True):
        amount = Money.parse(request.form.get("amount", ""), field="amount")
        if amount.satang <= 0 or amount.satang > payment.refundable:
            raise services.RefundTooLarge(available=str(Money(payment.refundable)))
        key = f"{payment.id}:{payment.refunded}:{amount.satang}"
        provider_ref = gateway.named(payment.provider if payment.provider != "manual" else "fake").refund(
            payment, amount.satang, tenant=g.tenant, key=key)
        services.refund(payment.id, amount, provider_ref=provider_ref, source="staff",
                        reason=request.form.get("reason") or None, actor_id=current_user.id)
        flash(_("The refund has been recorded."), "success")
    return redirect(url_for("payments.detail", payment_id=payment_id))


@bp.route("/<int:payment_id>/fake", methods=["GET", "POST"])
@writes
def fake_checkout(payment_id: int):
    """The fake gateway's page: public, but only with the signed token, and
    only where the config switches the fake gateway on."""
    if not gateway.fake_enabled():
        abort(404)
    token = request.values.get("token", "")
    if not gateway.check_fake_token(g.tenant.id, payment_id, token):
        abort(404)
    payment = services.get(payment_id)
    if payment.provider != "fake":
        abort(404)
    next_url = local_path_or(request.values.get("next"), url_for("tenancy.landing"))
    if request.method == "POST":
        outcome = request.form.get("outcome")
        if outcome not in ("pay", "fail"):
            abort(400)
        services.transition(payment.id, "pending", source="fake")
        if outcome == "pay":
            services.transition(payment.id, "succeeded", source="fake")
        else:
            services.transition(payment.id, "failed", source="fake", failure_reason="declined on the test page")
        return redirect(next_url)
    return render_template("payments/fake_checkout.html", payment=payment, token=token, next_url=next_url)
