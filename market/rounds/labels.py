"""Translatable names of round and booking statuses, and the template filters
that show them (``round.status | round_status``): pages never show the stored
English word."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from core.i18n.formatting import local
from market import bp

ROUND_STATUS = {
    "draft": _l("Draft, not yet open"),
    "open": _l("Open for booking"),
    "closed": _l("Booking closed"),
    "finished": _l("Finished"),
    "cancelled": _l("Cancelled"),
}
BOOKING_STATUS = {
    "booked": _l("Booked, not yet checked in"),
    "checked_in": _l("Checked in"),
    "collected": _l("Goods collected"),
    "cancelled": _l("Booking cancelled"),
    "no_show": _l("Released: did not come"),
}


def round_status(value: str) -> str:
    label = ROUND_STATUS.get(value)
    return str(label) if label is not None else gettext("Unknown status")


def booking_status(value: str) -> str:
    label = BOOKING_STATUS.get(value)
    return str(label) if label is not None else gettext("Unknown status")


def clock_time(value: datetime | None) -> str:
    """``09:15``: the time of day in the tenant's zone."""
    return local(value).strftime("%H:%M") if value is not None else ""


bp.add_app_template_filter(clock_time, "clock_time")
bp.add_app_template_filter(round_status, "round_status")
bp.add_app_template_filter(booking_status, "booking_status")
