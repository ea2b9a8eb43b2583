"""The network's public catalogue and reservations by consumers (logged in,
or guests who leave a name and phone number). No log-in needed to browse."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import clock
from core.boundary import refusal, writes
from core.errors import Conflict, ValidationError
from producers import bp
from producers.listings import reservations, services
from producers.lots.facts import locate
from producers.lots.qr import looks_like_token
from producers.models.listings import PAYMENT_METHODS
from producers.models.pgs import LEVELS


def _lang() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "th"


@bp.get("/catalogue")
def catalogue():
    q = request.args.get("q", "")[:100]
    village = request.args.get("village", "")
    village_id = int(village) if village.isdigit() and len(village) < 16 else None
    level = request.args.get("level") if request.args.get("level") in LEVELS else None
    token = request.args.get("qr", "")
    plot_id = None
    if token and looks_like_token(token):
        where = locate(token)
        if where is not None and where.tenant_id == g.tenant.id:
            plot_id = where.plot_id
    offers = services.catalogue(q=q, village_id=village_id, level=level, plot_id=plot_id, lang=_lang())
    return render_template("producers/listings/catalogue.html", offers=offers, q=q, village_id=village_id,
                           level=level, villages=services.catalogue_villages(), from_qr=plot_id is not None)


def _reserve_page(listing, errors=None, form=None, status=200):
    today = clock.today()
    return render_template(
        "producers/listings/reserve.html", listing=listing, cert=services.visible(listing), errors=errors or {},
        form=form or {}, today=today, last_day=today + timedelta(days=reservations.MAX_DAYS_AHEAD),
        methods=PAYMENT_METHODS, online=reservations.online_payment_offered(g.tenant),
    ), status


@bp.route("/catalogue/<int:listing_id>/reserve", methods=["GET", "POST"])
@writes
def reserve(listing_id: int):
    listing = services.get_listing(listing_id)
    if request.method == "GET":
        return _reserve_page(listing)
    form = request.form
    with refusal(only=(ValidationError, Conflict)) as refused:
        try:
            pickup_on = date.fromisoformat(form.get("pickup_on", "").strip())
        except ValueError:
            raise ValidationError(_("Choose a pickup date"), field="pickup_on") from None
        reservation = reservations.reserve(
            listing.id, quantity=form.get("quantity"), pickup_on=pickup_on, consumer=current_user,
            guest_name=form.get("guest_name"), guest_phone=form.get("guest_phone"),
            fulfilment=form.get("fulfilment") or "pickup", payment_method=form.get("payment_method") or "cash",
            note=form.get("note"),
        )
    if exc := refused.error:
        listing = services.get_listing(listing_id)
        return _reserve_page(listing, {exc.field or "form": exc.translated()}, form, 422 if isinstance(
            exc, ValidationError) else 409)
    return redirect(url_for("producers.my_reservation", token=reservation.token))


@bp.route("/reservation/<token>", methods=["GET", "POST"])
@writes
def my_reservation(token: str):
    if not looks_like_token(token):
        abort(404)
    reservation = reservations.by_token(token)
    listing = services.get_listing(reservation.listing_id)
    error = None
    if request.method == "POST":
        with refusal(only=Conflict) as refused:
            reservations.cancel(reservation, token=token, reason=request.form.get("reason"))
        if exc := refused.error:
            error = exc.translated()
        reservation = reservations.by_token(token)
    return render_template("producers/listings/my_reservation.html", reservation=reservation, listing=listing,
                           number=reservations.number(reservation), error=error,
                           pay_url=_pay_url(reservation))


def _pay_url(reservation) -> str | None:
    if reservation.payment_method != "online" or reservation.payment_id is None or reservation.paid:
        return None
    if reservation.status in ("declined", "cancelled"):
        return None
    return url_for("payments.pay", payment_id=reservation.payment_id)


@bp.get("/my-reservations")
@login_required
def my_reservations():
    rows = reservations.for_consumer(current_user.id)
    return render_template("producers/listings/my_reservations.html", rows=rows, number=reservations.number)
