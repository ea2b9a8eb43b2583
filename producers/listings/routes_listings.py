"""A producer's listings and the reservations made on them."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import require
from core.boundary import refusal, writes
from core.errors import Conflict, ValidationError
from core.forms import parse
from producers import bp
from producers.listings import reservations, services
from producers.lots import permissions  # noqa: F401  (declares the permissions used below)
from producers.lots import services as lot_services
from producers.models.listings import RESERVATION_STATUSES, UNITS

_int = parse.id_or_none


@bp.get("/listings")
@require("producers.listings.manage")
def listings():
    rows = services.own_listings(current_user, g.tenant.id)
    shown = {listing.id: services.visible(listing) is not None for listing in rows}
    return render_template("producers/listings/index.html", listings=rows, shown=shown)


@bp.route("/listings/new", methods=["GET", "POST"])
@require("producers.listings.manage")
@writes
def new_listing():
    plots = lot_services.plots(current_user, g.tenant.id)
    lots = lot_services.lots(current_user, g.tenant.id, limit=100)
    form = request.form if request.method == "POST" else {
        "lot_id": request.args.get("lot", ""), "plot_id": request.args.get("plot", ""), "pickup": "1"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {k: form.get(k) for k in ("plot_id", "lot_id", "crop", "title", "unit", "price", "quantity",
                                         "pickup_note", "delivery_note", "description")}
        data["lot_id"] = _int(data["lot_id"])
        data["plot_id"] = _int(data["plot_id"])
        data["pickup"], data["delivery"] = bool(form.get("pickup")), bool(form.get("delivery"))
        with refusal(only=ValidationError) as refused:
            if not (data["lot_id"] or data["plot_id"]):
                raise ValidationError(_("Choose a plot or a lot"), field="plot_id")
            services.create_listing(current_user, g.tenant.id, data)
            flash(_("The listing is on the catalogue."), "success")
            return redirect(url_for("producers.listings"))
        if exc := refused.error:
            errors[exc.field or "form"] = exc.translated()
    return render_template("producers/listings/new.html", plots=plots, lots=lots, form=form, errors=errors,
                           units=UNITS), 422 if errors else 200


@bp.post("/listings/<int:listing_id>/close")
@require("producers.listings.manage")
@writes
def close_listing(listing_id: int):
    with refusal(only=Conflict) as refused:
        services.close_listing(current_user, g.tenant.id, listing_id)
    if exc := refused.error:
        flash(exc.translated(), "error")
    return redirect(url_for("producers.listings"))


@bp.get("/reservations")
@require("producers.reservations.manage")
def reservations_page():
    status = request.args.get("status") if request.args.get("status") in RESERVATION_STATUSES else None
    rows = reservations.for_producer(current_user, g.tenant.id, status)
    return render_template("producers/listings/reservations.html", rows=rows, status=status,
                           statuses=RESERVATION_STATUSES, number=reservations.number)


@bp.post("/reservations/<int:reservation_id>/confirm", endpoint="confirm_reservation",
         defaults={"action": "confirm"})
@bp.post("/reservations/<int:reservation_id>/decline", endpoint="decline_reservation",
         defaults={"action": "decline"})
@bp.post("/reservations/<int:reservation_id>/collected", endpoint="collected_reservation",
         defaults={"action": "collected"})
@bp.post("/reservations/<int:reservation_id>/cancel", endpoint="cancel_reservation",
         defaults={"action": "cancel"})
@require("producers.reservations.manage")
@writes
def decide_reservation(reservation_id: int, action: str):
    with refusal(only=Conflict) as refused:
        if action == "confirm":
            reservations.confirm(current_user, g.tenant.id, reservation_id)
        elif action == "decline":
            reservations.decline(current_user, g.tenant.id, reservation_id, request.form.get("reason"))
        elif action == "collected":
            reservations.mark_collected(current_user, g.tenant.id, reservation_id)
        else:
            reservation = reservations.get(reservation_id)
            reservations.cancel(reservation, actor=current_user, tenant_id=g.tenant.id,
                                reason=request.form.get("reason"))
        flash(_("The reservation has been updated."), "success")
    if exc := refused.error:
        flash(exc.translated(), "error")
    return redirect(url_for("producers.reservations_page"))
