"""API: distribution rounds, slots, bookings and the queue
(``/api/v1/t/<slug>/market``), with the same permissions as the pages."""

from __future__ import annotations

from flask import g, jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.auth.policies import can
from core.boundary import api_writes, must_exist
from core.errors import N_, Forbidden, ValidationError
from core.registry.queries import household_of_user
from market.models.rounds import Booking, Round
from market.rounds import (
    permissions,  # noqa: F401
    queue,
    round_cache,
    services,
)
from market.rounds.schemas import (
    RoundOfferIn,
    RoundOfferOut,
    RoundsBookingIn,
    RoundsBookingOut,
    RoundsCheckInIn,
    RoundsCodeIn,
    RoundsRebookIn,
    RoundsRoundDetailOut,
    RoundsRoundIn,
    RoundsRoundOut,
    RoundsScreenOut,
    RoundsStampOut,
    RoundsTemplateIn,
    RoundsTicketOut,
    RoundsWalkInIn,
)

blp = Blueprint(
    "market_rounds_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: distribution rounds, bookings and the queue",
)


def _own_household_id() -> int | None:
    return household_of_user(current_user.id)


def _is_staff() -> bool:
    return can(current_user, "market.rounds.manage", g.tenant.id) or can(
        current_user, "market.rounds.checkin", g.tenant.id
    )


def _guard(booking) -> None:
    if not _is_staff() and _own_household_id() != booking.household_id:
        raise Forbidden()


@blp.route("/rounds")
class Rounds(MethodView):
    @api_require("market.rounds.book")
    @blp.response(200, RoundsRoundOut(many=True))
    @paged(blp)
    def get(self):
        """Rounds (households see those open for booking)."""
        if can(current_user, "market.rounds.view", g.tenant.id):
            return services.all_rounds()
        return services.bookable_rounds()

    @api_require("market.rounds.manage")
    @blp.arguments(RoundsRoundIn)
    @blp.response(201, RoundsRoundOut)
    @api_writes
    def post(self, data):
        """Create a distribution round."""
        round_ = services.save_round(data, actor_id=current_user.id)
        return round_


@blp.route("/rounds/<int:round_id>")
class RoundDetail(MethodView):
    @api_require("market.rounds.book")
    @blp.response(200, RoundsRoundDetailOut)
    def get(self, round_id: int):
        """A round with its slots (places booked) and goods on offer."""
        detail = round_cache.round_detail(round_id)
        if detail["status"] != "open" and not can(current_user, "market.rounds.view", g.tenant.id):
            raise Forbidden()
        return jsonify(detail)  # dumped by the schema already, in the round cache


@blp.route("/rounds/<int:round_id>/offers")
class Offers(MethodView):
    @api_require("market.rounds.manage")
    @must_exist(round_id=Round)
    @blp.arguments(RoundOfferIn)
    @blp.response(201, RoundOfferOut)
    @api_writes
    def post(self, data, round_id: int):
        """Offer an item in a round."""
        offer = services.set_offer(round_id, data.pop("item_id"), **data)
        return offer


@blp.route("/rounds/<int:round_id>/slot-templates")
class Templates(MethodView):
    @api_require("market.rounds.manage")
    @must_exist(round_id=Round)
    @blp.arguments(RoundsTemplateIn)
    @blp.response(201, RoundsStampOut)
    @api_writes
    def post(self, data, round_id: int):
        """Add a slot template (every n minutes, capacity c) and stamp it into slots."""
        services.add_template(round_id, **data)
        made = services.stamp(round_id)
        return {"slots_made": made}


@blp.route("/rounds/<int:round_id>/bookings")
class Bookings(MethodView):
    @api_require("market.rounds.book")
    @must_exist(round_id=Round)
    @blp.arguments(RoundsBookingIn)
    @blp.response(201, RoundsBookingOut)
    @api_writes
    def post(self, data, round_id: int):
        """Book one slot; a household books for itself, staff for any household."""
        household_id = data.get("household_id")
        if not can(current_user, "market.rounds.manage", g.tenant.id):
            own = _own_household_id()
            if own is None or (household_id and household_id != own):
                raise Forbidden()
            household_id = own
        if not household_id:
            raise ValidationError(N_("Choose a household"), field="household_id")
        booking = services.book(round_id, household_id, data["slot_id"], actor_id=current_user.id)
        return booking


@blp.route("/bookings/<int:booking_id>")
class BookingDetail(MethodView):
    @api_require("market.rounds.book")
    @blp.response(200, RoundsBookingOut)
    def get(self, booking_id: int):
        """One booking (queue card)."""
        booking = services.get_booking(booking_id)
        _guard(booking)
        return booking


@blp.route("/bookings/<int:booking_id>/cancel")
class CancelBooking(MethodView):
    @api_require("market.rounds.book")
    @blp.response(200, RoundsBookingOut)
    @api_writes
    def post(self, booking_id: int):
        """Cancel a booking and free its slot."""
        _guard(services.get_booking(booking_id))
        booking = services.cancel_booking(booking_id, actor_id=current_user.id)
        return booking


@blp.route("/bookings/<int:booking_id>/rebook")
class Rebook(MethodView):
    @api_require("market.rounds.book")
    @must_exist(booking_id=Booking)
    @blp.arguments(RoundsRebookIn)
    @blp.response(200, RoundsBookingOut)
    @api_writes
    def post(self, data, booking_id: int):
        """Move a booking to another slot."""
        _guard(services.get_booking(booking_id))
        booking = services.rebook(booking_id, data["slot_id"], actor_id=current_user.id)
        return booking


@blp.route("/bookings/<int:booking_id>/check-in")
class CheckIn(MethodView):
    @api_require("market.rounds.checkin")
    @must_exist(booking_id=Booking)
    @blp.arguments(RoundsCheckInIn)
    @blp.response(201, RoundsTicketOut)
    @api_writes
    def post(self, data, booking_id: int):
        """Check a booking in at the centre (gives its queue number)."""
        ticket = queue.check_in(services.get_booking(booking_id), actor_id=current_user.id, **data)
        return ticket


@blp.route("/bookings/by-code")
class ByCode(MethodView):
    @api_require("market.rounds.checkin")
    @blp.arguments(RoundsCodeIn)
    @blp.response(200, RoundsBookingOut)
    def post(self, data):
        """The booking a household's short code names."""
        return services.by_code(data["code"])


@blp.route("/rounds/<int:round_id>/walk-in")
class WalkIn(MethodView):
    @api_require("market.rounds.checkin")
    @must_exist(round_id=Round)
    @blp.arguments(RoundsWalkInIn)
    @blp.response(201, RoundsTicketOut)
    @api_writes
    def post(self, data, round_id: int):
        """Serve a household that has no booking (a walk-in queue card)."""
        ticket = queue.walk_in(
            round_id, household_id=data.get("household_id"), actor_id=current_user.id
        )
        return ticket


@blp.route("/rounds/<int:round_id>/call-next")
class CallNext(MethodView):
    @api_require("market.rounds.checkin")
    @blp.response(200, RoundsTicketOut)
    @api_writes
    def post(self, round_id: int):
        """Call the next queue number."""
        ticket = queue.call_next(round_id, actor_id=current_user.id)
        return ticket


@blp.route("/rounds/<int:round_id>/now-serving")
class NowServing(MethodView):
    @api_require("market.rounds.view")
    @blp.response(200, RoundsScreenOut)
    def get(self, round_id: int):
        """The numbers being served and waiting in a round's queue."""
        return queue.now_serving(round_id)
