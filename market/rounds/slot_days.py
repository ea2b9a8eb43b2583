"""A round's slots grouped by local day, for the booking page: a phone shows
one day at a time as a grid of times instead of one long column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.i18n.formatting import local


@dataclass(frozen=True)
class SlotDay:
    day: date
    slots: list
    free: int  # slots of the day with a place left

    @property
    def full(self) -> bool:
        return self.free == 0


def by_day(slots) -> list[SlotDay]:
    """Slots (in start order) grouped by their day in the tenant's zone."""
    days: dict[date, list] = {}
    for slot in slots:
        days.setdefault(local(slot.starts_at).date(), []).append(slot)
    return [SlotDay(day, rows, sum(1 for s in rows if s.booked < s.capacity)) for day, rows in days.items()]
