"""Queue rules, pure (no I/O): when a booking may be checked in.

A booking is checked in only on its slot's day (the tenant's date) and
within the centre's window: from ``before`` minutes before the slot starts to
``after`` minutes after it ends, never past the edges of that day."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from core.clock import local_date, zone

DEFAULT_BEFORE_MINUTES = 120
DEFAULT_AFTER_MINUTES = 60
MAX_WINDOW_MINUTES = 720


def checkin_window(
    starts_at: datetime, ends_at: datetime, *, before: int, after: int
) -> tuple[datetime, datetime]:
    """The first and last moment a booking for this slot may be checked in."""
    day = local_date(starts_at)
    day_starts = datetime.combine(day, time(0), zone())
    day_ends = day_starts + timedelta(days=1) - timedelta(microseconds=1)
    opens = max(starts_at - timedelta(minutes=before), day_starts)
    closes = min(ends_at + timedelta(minutes=after), day_ends)
    return opens, closes


def checkin_refusal(
    now: datetime, starts_at: datetime, ends_at: datetime, *, before: int, after: int
) -> tuple[str, datetime] | None:
    """Why a booking for this slot cannot be checked in at ``now``:
    ``("wrong_day", slot start)``, ``("too_early", opens)``, ``("too_late", closes)``,
    or None when it can."""
    if local_date(now) != local_date(starts_at):
        return "wrong_day", starts_at
    opens, closes = checkin_window(starts_at, ends_at, before=before, after=after)
    if now < opens:
        return "too_early", opens
    if now > closes:
        return "too_late", closes
    return None
