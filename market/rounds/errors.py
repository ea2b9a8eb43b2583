"""Booking and queue errors, each specific."""

from __future__ import annotations

from core.errors import N_, Conflict, DomainError


class RoundError(DomainError):
    code = "round_error"
    status = 409
    message = N_("This round cannot take bookings now")


class BookingNotOpen(RoundError):
    code = "booking_not_open"
    message = N_("Booking for this round opens on %(date)s")


class BookingClosed(RoundError):
    code = "booking_closed"
    message = N_("Booking for this round closed on %(date)s")


class RoundNotOpen(RoundError):
    code = "round_not_open"
    message = N_("This round is not open for booking")


class SlotFull(RoundError):
    code = "slot_full"
    message = N_("The slot at %(time)s is full; please choose another")


class SlotOver(RoundError):
    code = "slot_over"
    message = N_("The slot at %(time)s has already passed")


class SlotNotInRound(RoundError):
    code = "slot_not_in_round"
    status = 422
    message = N_("This slot is not part of this round")


class AlreadyBooked(Conflict):
    code = "already_booked"
    message = N_(
        "This household already has a booking in this round, at %(time)s (queue %(number)s)"
    )


class BookingNotActive(RoundError):
    code = "booking_not_active"
    message = N_("This booking is %(status)s")


class BookingChanged(RoundError):
    code = "booking_changed"
    message = N_("This booking was changed or cancelled meanwhile; please look at it again")


class AlreadyCheckedIn(RoundError):
    code = "already_checked_in"
    message = N_("Already checked in at %(time)s")


class BookingNotFound(RoundError):
    code = "booking_not_found"
    status = 404
    message = N_("No booking has the code %(code)s")


class NoWaitingTickets(RoundError):
    code = "queue_empty"
    message = N_("Nobody is waiting in the queue")


class CheckInWrongDay(RoundError):
    code = "check_in_wrong_day"
    message = N_("This booking is for %(day)s; it can be checked in only on that day")


class CheckInNotYet(RoundError):
    code = "check_in_not_yet"
    message = N_("Check-in for this booking opens at %(time)s")


class CheckInClosed(RoundError):
    code = "check_in_closed"
    message = N_("Check-in for this booking closed at %(time)s")


class AlreadyInQueue(Conflict):
    code = "already_in_queue"
    message = N_("This household already has queue ticket %(number)s in this round")


class WalkInHasBooking(Conflict):
    code = "walk_in_has_booking"
    message = N_(
        "This household has a booking in this round (queue %(number)s): check the booking in instead"
    )


class WalkInUnknownHousehold(RoundError):
    code = "walk_in_unknown_household"
    status = 422
    message = N_("No household has this code")
