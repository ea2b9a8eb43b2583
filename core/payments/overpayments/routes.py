"""The overpayments page: money that arrived for something already settled,
each with its refund button. Thin: parse, call a service; the boundary
(``core.boundary.writes``) commits."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import must_exist, refusal, writes
from core.payments import bp
from core.payments.manual.forms import VoidForm
from core.payments.overpayments import services as overpayments


@bp.get("/overpayments/")
@require("payments.view")
def overpayments_index():
    status = request.args.get("status", "open")
    rows = overpayments.listing(status if status in ("open", "refunded") else None)
    return render_template("payments/overpayments.html", rows=rows, status=status, form=VoidForm(),
                           may_refund=can(current_user, "payments.refund", g.tenant.id))


@bp.post("/overpayments/<int:overpayment_id>/refund")
@require("payments.refund")
@must_exist(overpayment_id=overpayments.get)  # 404 first for another tenant's id
@writes
def overpayments_refund(overpayment_id: int):
    if not VoidForm().validate_on_submit():
        flash(_("The form has expired. Please reload the page and try again."), "error")
        return redirect(url_for("payments.overpayments_index"))
    with refusal(flashed=True) as refused:
        row = overpayments.refund(overpayment_id, tenant=g.tenant, actor_id=current_user.id, ip=request.remote_addr)
    if refused:
        return redirect(url_for("payments.overpayments_index"))
    flash(_("The overpayment was refunded."), "success")
    if row.receipt_id:
        return redirect(url_for("payments.receipt", receipt_id=row.receipt_id))
    return redirect(url_for("payments.overpayments_index", status="refunded"))
