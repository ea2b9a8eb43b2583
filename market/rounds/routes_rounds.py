"""Round pages: rounds and their slots, booking (a household for itself or
staff on its behalf), the booking page a QR opens, the check-in desk, the
"now serving" screen and the booking's calendar file."""

from __future__ import annotations

from datetime import datetime, time

from flask import Response, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import N_, Forbidden, ValidationError
from core.i18n.formatting import BANGKOK, local
from core.registry.queries import household_by_code, household_of_user
from market import bp
from market.coupons.forms import baht, day, int_or_none
from market.coupons.qr import qr_svg
from market.models.rounds import Booking
from market.rounds import (
    choices,
    ics,
    labels,  # noqa: F401  (the status filters)
    permissions,  # noqa: F401
    queries,
    queue,
    services,
    slot_days,
)


def _own_household_id() -> int | None:
    if not current_user.is_authenticated:
        return None
    return household_of_user(current_user.id)


def _household_id_by_code(code: str) -> int | None:
    found = household_by_code(code)
    return found.id if found is not None else None


def _can(permission: str) -> bool:
    return can(current_user, permission, g.tenant.id)


@bp.get("/rounds/")
@require("market.rounds.book")
def rounds_index():
    staff = _can("market.rounds.manage")
    rounds = (
        services.all_rounds()
        if staff
        else services.bookable_rounds()
    )
    own = _own_household_id()
    bookings = services.household_bookings(own) if own else []
    return render_template(
        "market/rounds/index.html", rounds=rounds, can_manage=staff, bookings=bookings
    )


def _round_data(form) -> dict:
    def when(name: str) -> datetime:
        try:
            value = datetime.fromisoformat((form.get(name) or "").strip())
        except ValueError:
            raise ValidationError(N_("Enter a date and time"), field=name) from None
        return value if value.tzinfo else value.replace(tzinfo=BANGKOK)

    return {
        "centre_id": int_or_none(form.get("centre_id"), "centre_id") or 0,
        "name": (form.get("name") or "").strip()[:200],
        "starts_on": day(form.get("starts_on"), "starts_on"),
        "ends_on": day(form.get("ends_on"), "ends_on"),
        "booking_opens_at": when("booking_opens_at"),
        "booking_closes_at": when("booking_closes_at"),
        "grace_minutes": max(
            0, min(int_or_none(form.get("grace_minutes"), "grace_minutes") or 30, 1440)
        ),
        "status": form.get("status") or "draft",
    }


@bp.route("/rounds/new", methods=["GET", "POST"])
@require("market.rounds.manage")
@writes
def new_round():
    error = None
    if request.method == "POST":
        with refusal(only=ValidationError) as refused:
            round_ = services.save_round(_round_data(request.form), actor_id=current_user.id)
            return redirect(url_for("market.round_detail", round_id=round_.id))
        if exc := refused.error:
            error = exc
    centres = choices.active_centres()
    return render_template(
        "market/rounds/round_form.html", error=error, centres=centres, form=request.form
    ), 422 if error else 200


@bp.get("/rounds/<int:round_id>")
@require("market.rounds.view")
def round_detail(round_id: int):
    round_ = services.get_round(round_id)
    bookings = services.round_bookings(round_id)
    return render_template(
        "market/rounds/round.html",
        round=round_,
        slots=services.slots(round_id),
        offers=services.offers(round_id),
        bookings=bookings,
        can_manage=_can("market.rounds.manage"),
        items=choices.active_items(),
    )


@bp.post("/rounds/<int:round_id>/status")
@require("market.rounds.manage")
@writes
def round_status(round_id: int):
    round_ = services.get_round(round_id)
    status = request.form.get("status", "")
    if status not in ("draft", "open", "closed", "finished", "cancelled"):
        raise ValidationError(N_("Unknown status"), field="status")
    round_.status = status
    return redirect(url_for("market.round_detail", round_id=round_id))


def _clock(value: str, field: str) -> time:
    try:
        return time.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError(N_("Enter a time such as 09:00"), field=field) from None


@bp.post("/rounds/<int:round_id>/templates")
@require("market.rounds.manage")
@writes
def add_slot_template(round_id: int):
    services.get_round(round_id)
    services.add_template(
        round_id,
        start_time=_clock(request.form.get("start_time"), "start_time"),
        end_time=_clock(request.form.get("end_time"), "end_time"),
        interval_minutes=int_or_none(request.form.get("interval_minutes"), "interval_minutes")
        or 15,
        capacity=int_or_none(request.form.get("capacity"), "capacity") or 0,
        weekdays=[int(d) for d in request.form.getlist("weekdays") if d.isdigit()],
    )
    services.stamp(round_id)
    return redirect(url_for("market.round_detail", round_id=round_id))


@bp.post("/rounds/<int:round_id>/offers")
@require("market.rounds.manage")
@writes
def add_offer(round_id: int):
    services.get_round(round_id)
    services.set_offer(
        round_id,
        int_or_none(request.form.get("item_id"), "item_id") or 0,
        price_satang=baht(request.form.get("price"), "price"),
        limit_per_household=int_or_none(
            request.form.get("limit_per_household"), "limit_per_household"
        ),
    )
    return redirect(url_for("market.round_detail", round_id=round_id))


@bp.route("/rounds/<int:round_id>/book", methods=["GET", "POST"])
@require("market.rounds.book")
@writes
def book_slot(round_id: int):
    """A household books for itself; staff book on behalf of a household
    (found by its code)."""
    round_ = services.get_round(round_id)
    staff = _can("market.rounds.manage")
    error = None
    household_id = _own_household_id()
    if request.method == "POST":
        with refusal() as refused:
            if staff and request.form.get("household_code"):
                code = request.form["household_code"].strip()[:40]
                household_id = _household_id_by_code(code)
                if household_id is None:
                    raise ValidationError(N_("No household has this code"), field="household_code")
            if household_id is None:
                raise ValidationError(N_("Choose a household"), field="household_code")
            slot_id = int_or_none(request.form.get("slot_id"), "slot_id") or 0
            booking = services.book(round_id, household_id, slot_id, actor_id=current_user.id)
            return redirect(url_for("market.booking_page", token=booking.token))
        if exc := refused.error:
            error = exc
    slots = services.slots(round_id)
    chosen = next((s for s in slots if str(s.id) == request.form.get("slot_id")), None)
    return render_template(
        "market/rounds/book.html",
        round=round_,
        days=slot_days.by_day(slots),
        chosen_day=local(chosen.starts_at).date() if chosen else None,
        staff=staff,
        error=error,
        form=request.values,
        offers=services.offers(round_id),
        household_page=url_for("market.household_mine") if _own_household_id() else None,
    ), (error.status if error else 200)


def _booking_viewer(booking: Booking) -> str:
    if _can("market.rounds.checkin"):
        return "staff"
    if _own_household_id() == booking.household_id:
        return "household"
    raise Forbidden()


@bp.get("/rounds/b/<token>")
@require("tenant.view")
def booking_page(token: str):
    """The URL in the booking's QR: staff see the check-in page, the household
    sees its own booking, anyone else is refused."""
    booking = services.by_token(token)
    viewer = _booking_viewer(booking)
    slot = queries.slot(booking.slot_id)
    round_ = queries.round_(booking.round_id)
    url = url_for("market.booking_page", token=booking.token, _external=True)
    return render_template(
        "market/rounds/booking.html",
        booking=booking,
        slot=slot,
        round=round_,
        viewer=viewer,
        qr=qr_svg(url),
        slots=services.slots(booking.round_id),
        household=queries.household(booking.household_id),
        centre=queries.centre(round_.centre_id),
        can_book=_can("market.rounds.book"),
        checkin_window=queue.checkin_window(booking) if viewer == "staff" else None,
    )


@bp.post("/rounds/b/<token>/check-in")
@require("market.rounds.checkin")
@writes
def check_in(token: str):
    booking = services.by_token(token)
    with refusal() as refused:
        ticket = queue.check_in(
            booking,
            actor_id=current_user.id,
            collector_name=request.form.get("collector_name"),
            collector_relation=request.form.get("collector_relation"),
        )
    if exc := refused.error:
        flash(exc.translated(), "error")
        return redirect(url_for("market.booking_page", token=token))
    return redirect(
        url_for("market.queue_desk", round_id=ticket.round_id, checked_in=ticket.number)
    )


@bp.post("/rounds/bookings/<int:booking_id>/cancel")
@require("market.rounds.book")
@writes
def cancel_booking(booking_id: int):
    booking = services.get_booking(booking_id)
    if _booking_viewer(booking) == "staff" or _own_household_id() == booking.household_id:
        services.cancel_booking(booking.id, actor_id=current_user.id)
    return redirect(url_for("market.rounds_index"))


@bp.post("/rounds/bookings/<int:booking_id>/rebook")
@require("market.rounds.book")
@writes
def rebook(booking_id: int):
    booking = services.get_booking(booking_id)
    _booking_viewer(booking)
    services.rebook(
        booking.id,
        int_or_none(request.form.get("slot_id"), "slot_id") or 0,
        actor_id=current_user.id,
    )
    return redirect(url_for("market.booking_page", token=booking.token))


@bp.get("/rounds/b/<token>/booking.ics")
def booking_ics(token: str):
    """A calendar file for the booking; the unguessable token is the key (no
    personal data inside)."""
    booking = services.by_token(token)
    slot = queries.slot(booking.slot_id)
    round_ = queries.round_(booking.round_id)
    centre = queries.centre(round_.centre_id)
    body = ics.booking_event(
        uid=f"booking-{booking.token[:16]}@pansuk",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=f"{round_.name} · คิว {booking.queue_number}",
        location=centre.name if centre else "",
        description=f"รหัส {booking.code}",
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f"attachment; filename=booking-{booking.code}.ics"},
    )


@bp.route("/rounds/<int:round_id>/desk", methods=["GET", "POST"])
@require("market.rounds.checkin")
@writes
def queue_desk(round_id: int):
    """Check-in by typed short code, walk-in tickets and calling the next number."""
    round_ = services.get_round(round_id)
    error = message = None
    if request.method == "POST":
        action = request.form.get("action", "")
        with refusal() as refused:
            if action == "code":
                booking = services.by_code(request.form.get("code", ""))
                if booking.round_id != round_id:
                    raise services.errors.BookingNotFound(code=request.form.get("code", "")[:12])
                return redirect(url_for("market.booking_page", token=booking.token))
            if action == "walkin":
                message = queue.walk_in(
                    round_id, household_id=_walk_in_household(), actor_id=current_user.id
                ).number
            elif action == "next":
                message = queue.call_next(round_id, actor_id=current_user.id).number
        if exc := refused.error:
            error = exc
    return render_template(
        "market/queue/desk.html",
        round=round_,
        error=error,
        message=message,
        screen=queue.now_serving(round_id),
    ), (error.status if error else 200)


def _walk_in_household() -> int | None:
    """The household a walk-in ticket is for, by its code (optional)."""
    code = (request.form.get("household_code") or "").strip()[:40]
    if not code:
        return None
    household_id = _household_id_by_code(code)
    if household_id is None:
        raise services.errors.WalkInUnknownHousehold(field="household_code")
    return household_id


@bp.get("/rounds/<int:round_id>/screen")
@require("market.rounds.view")
def now_serving_screen(round_id: int):
    return render_template(
        "market/queue/screen.html",
        round=services.get_round(round_id),
        screen=queue.now_serving(round_id),
    )


@bp.get("/rounds/<int:round_id>/screen.json")
@require("market.rounds.view")
def now_serving_json(round_id: int):
    return jsonify(queue.now_serving(round_id))
