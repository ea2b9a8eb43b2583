"""Words for codes stored in rows (a status, a unit, a channel, a book), shown
in the reader's language: ``{{ round.status | status_label }}``,
``{{ item.unit | unit_label }}``. A code with no word here shows as it is."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "closed": _l("Closed"),
    "finished": _l("Finished"),
    "cancelled": _l("Cancelled"),
    "booked": _l("Booked"),
    "checked_in": _l("Checked in"),
    "no_show": _l("Did not come"),
    "collected": _l("Collected"),
    "active": _l("Active"),
    "inactive": _l("Inactive"),
    "expired": _l("Expired"),
    "suspended": _l("Suspended"),
    "revoked": _l("Revoked"),
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "declined": _l("Declined"),
    "confirmed": _l("Confirmed"),
    "paid": _l("Paid"),
    "unpaid": _l("Unpaid"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "queued": _l("Queued"),
    "delivered": _l("Delivered"),
    "done": _l("Done"),
    "issued": _l("Issued"),
    "redeemed": _l("Redeemed"),
    "received": _l("Received"),
    "expected": _l("Expected"),
    "planned": _l("Planned"),
    "submitted": _l("Submitted"),
    "disbursed": _l("Disbursed"),
    "repaid": _l("Repaid"),
    "written_off": _l("Written off"),
}

UNITS = {
    "kg": _l("kg"),
    "g": _l("g"),
    "l": _l("litre"),
    "litre": _l("litre"),
    "ml": _l("ml"),
    "piece": _l("piece"),
    "pcs": _l("piece"),
    "bottle": _l("bottle"),
    "bag": _l("bag"),
    "box": _l("box"),
    "pack": _l("pack"),
    "bunch": _l("bunch"),
    "tray": _l("tray"),
    "m2": _l("m²"),
    "m²": _l("m²"),
}

CHANNELS = {
    "email": _l("Email"),
    "sms": _l("SMS"),
    "line": _l("LINE"),
    "console": _l("Console (test)"),
    "memory": _l("Memory (test)"),
}

BOOKS = {
    "general": _l("General book"),
    "market": _l("Goods-centre book"),
    "fund": _l("Fund book"),
    "welfare": _l("Welfare fund book"),
}


def _label(table: dict, code: object) -> str:
    if code is None:
        return ""
    return str(table.get(str(code), code))


def status_label(code: object) -> str:
    return _label(STATUS, code)


def unit_label(code: object) -> str:
    return _label(UNITS, code)


def channel_label(code: object) -> str:
    return _label(CHANNELS, code)


def book_label(code: object) -> str:
    return _label(BOOKS, code)
