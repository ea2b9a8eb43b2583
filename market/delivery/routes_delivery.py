"""Delivery pages: staff group and assign deliveries by village; a volunteer's
phone view of their list, with proof of delivery (name and photo) or a note
that the goods could not be delivered."""

from __future__ import annotations

import secrets

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.ceilings.services import NeedsSecondPerson
from core.ceilings.web import hold
from market import bp
from market.delivery import door, services
from market.orders import (
    held_cash,
    permissions,  # noqa: F401  (declares the permissions)
)
from market.orders import queries as orders_queries
from market.orders import services as orders


def _manager() -> bool:
    return can(current_user, "market.deliveries.manage", g.tenant.id)


@bp.get("/deliveries/")
@require("market.deliveries.manage")
def deliveries_index():
    return render_template("market/delivery/index.html", groups=services.by_village(),
                           volunteers=services.volunteers())


@bp.post("/deliveries/assign")
@require("market.deliveries.manage")
@writes
def deliveries_assign():
    ids = [int(x) for x in request.form.getlist("delivery_id") if x.isascii() and x.isdigit() and len(x) < 18]
    volunteer = request.form.get("volunteer_user_id", "")
    with refusal() as refused:
        n = services.assign(ids, int(volunteer) if volunteer.isascii() and volunteer.isdigit() and len(volunteer) < 18
                            else -1, actor_id=current_user.id)
    if exc := refused.error:
        flash(exc.translated(), "error")
    else:
        flash(_("%(n)s deliveries assigned.", n=n), "success")
    return redirect(url_for("market.deliveries_index"))


@bp.get("/deliveries/mine")
@require("market.deliveries.volunteer")
def deliveries_mine():
    rows = services.mine(current_user.id, include_done=True)
    return render_template("market/delivery/mine.html", rows=rows, labels=services.STATUS_LABELS)


@bp.get("/deliveries/<int:delivery_id>")
@require("market.deliveries.volunteer")
def deliveries_detail(delivery_id: int):
    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    order = services.order_of(delivery)
    return render_template("market/delivery/detail.html", delivery=delivery, order=order,
                           labels=services.STATUS_LABELS, attempts=services.attempts(delivery.id),
                           receipts=[r for r in orders.receipts_of(order) if not r.voided],
                           coupons=orders_queries.usable_coupons(order) if order.due else [],
                           cash_token=secrets.token_urlsafe(18))


def _back(delivery_id: int):
    return redirect(url_for("market.deliveries_detail", delivery_id=delivery_id))


@bp.post("/deliveries/<int:delivery_id>/cash")
@require("market.deliveries.volunteer")
@writes
def deliveries_cash(delivery_id: int):
    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    with refusal() as refused:
        door.cash(delivery.id, token=request.form.get("token") or "", actor_id=current_user.id,
                  manager=_manager())
    if isinstance(exc := refused.error, NeedsSecondPerson):
        order = services.order_of(delivery)
        hold(exc, action=held_cash.ACTION, payload=held_cash.payload(order.id, request.form.get("token") or ""),
             summary=f"#{order.id}")
        return _back(delivery.id)
    if exc:
        flash(exc.translated(), "error")
        return _back(delivery.id)
    flash(_("Cash received; show or print the receipt."), "success")
    return redirect(url_for("market.deliveries_receipt", delivery_id=delivery.id))


@bp.post("/deliveries/<int:delivery_id>/coupons")
@require("market.deliveries.volunteer")
@writes
def deliveries_coupons(delivery_id: int):
    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    with refusal() as refused:
        used = door.coupons(delivery.id, actor_id=current_user.id, manager=_manager())
    if exc := refused.error:
        flash(exc.translated(), "error")
        return _back(delivery.id)
    flash(_("%(n)s coupon(s) used.", n=len(used)), "success")
    return _back(delivery.id)


@bp.get("/deliveries/<int:delivery_id>/receipt")
@require("market.deliveries.volunteer")
def deliveries_receipt(delivery_id: int):
    from market.orders.routes_orders import render_receipt

    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    return render_receipt(services.order_of(delivery))


@bp.post("/deliveries/<int:delivery_id>/proof")
@require("market.deliveries.volunteer")
@writes
def deliveries_proof(delivery_id: int):
    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    photo = request.files.get("photo")
    with refusal() as refused:
        services.prove(delivery.id, recipient_name=request.form.get("recipient_name") or "",
                       photo=photo.read() if photo else None, filename=photo.filename if photo else None,
                       actor_id=current_user.id, manager=_manager())
    if exc := refused.error:
        flash(exc.translated(), "error")
        return redirect(url_for("market.deliveries_detail", delivery_id=delivery.id))
    flash(_("Delivered. Thank you!"), "success")
    return redirect(url_for("market.deliveries_mine"))


@bp.post("/deliveries/<int:delivery_id>/undelivered")
@require("market.deliveries.volunteer")
@writes
def deliveries_undelivered(delivery_id: int):
    delivery = services.for_volunteer(delivery_id, current_user.id, manager=_manager())
    with refusal() as refused:
        services.undelivered(delivery.id, reason=request.form.get("reason") or "", actor_id=current_user.id,
                             manager=_manager())
    if exc := refused.error:
        flash(exc.translated(), "error")
        return redirect(url_for("market.deliveries_detail", delivery_id=delivery.id))
    flash(_("Noted. The delivery stays on your list for another attempt."), "success")
    return redirect(url_for("market.deliveries_mine"))
