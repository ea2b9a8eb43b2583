"""Booking reminders through the notifications outbox (SMS, LINE, email by
each person's preference), once per booking."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from core.db import db, utcnow
from core.i18n.formatting import format_datetime
from core.notifications.messages import Text, register_templates
from core.registry.models import Household
from market.models.catalog import Centre
from market.models.rounds import Booking, Round, Slot

REMIND_BEFORE = timedelta(hours=24)

register_templates(
    {
        "market.booking_reminder": {
            "en": Text(
                "Your queue booking",
                "Reminder: {round} at {centre}, {time}. Queue number {number}, code {code}.",
            ),
            "th": Text(
                "แจ้งเตือนคิวรับสินค้า",
                "เตือนความจำ: {round} ที่ {centre} เวลา {time} คิวที่ {number} รหัส {code}",
            ),
        },
    }
)


def send_due(now: datetime | None = None) -> int:
    """Queue a reminder for each booking whose slot starts within the next day
    and has not been reminded yet. Safe to run twice (idempotency keys)."""
    return send_due_batch(now)[0]


def send_due_batch(now: datetime | None = None, limit: int | None = None) -> tuple[int, int]:
    """Like :func:`send_due`, for at most ``limit`` bookings (the oldest first):
    returns (reminders queued, bookings handled). Each handled booking is marked
    reminded, so the caller may commit and call again for the next batch until
    fewer than ``limit`` were handled."""
    from core.notifications.services import NoAddress, queue_notification

    now = now or utcnow()
    due = db.session.execute(
        sa.select(Booking, Slot, Round)
        .join(Slot, sa.and_(Slot.id == Booking.slot_id, Slot.tenant_id == Booking.tenant_id))
        .join(Round, sa.and_(Round.id == Booking.round_id, Round.tenant_id == Booking.tenant_id))
        .where(
            Booking.status == "booked",
            Booking.reminded_at.is_(None),
            Slot.starts_at > now,
            Slot.starts_at <= now + REMIND_BEFORE,
        )
        .order_by(Booking.id)
        .limit(limit)
    ).all()
    sent = 0
    for booking, slot, round_ in due:
        household = db.session.get(Household, booking.household_id)
        centre = db.session.get(Centre, round_.centre_id)
        booking.reminded_at = now
        if household is None or household.head_person_id is None:
            continue
        try:
            with db.session.begin_nested():
                queue_notification(
                    template="market.booking_reminder",
                    params={
                        "round": round_.name,
                        "centre": centre.name if centre else "",
                        "time": format_datetime(slot.starts_at, lang="th"),
                        "number": booking.queue_number,
                        "code": booking.code,
                    },
                    idempotency_key=f"market.booking.reminder:{booking.id}",
                    to_person_id=household.head_person_id,
                )
            sent += 1
        except NoAddress:
            continue
    db.session.flush()
    return sent, len(due)
