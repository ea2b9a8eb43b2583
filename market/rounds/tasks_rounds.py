"""Rounds in the background: no-shows released after their slot plus the
grace period, and booking reminders — every tenant with an open round."""

from __future__ import annotations

from datetime import timedelta

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context
from market.rounds import reminders  # at import: its template is known to every worker


@celery.task(name="market.release_no_shows", acks_late=True)
def release_no_shows(tenant_id: int) -> int:
    from core.db import transaction
    from market.rounds import services

    with tenant_context(tenant_id), transaction():
        return services.release_no_shows()


@celery.task(name="market.release_no_shows_all", acks_late=True)
def release_no_shows_all() -> int:
    from core.tenancy import crossing
    from market.models.rounds import Round

    return crossing.fan_out(Round, release_no_shows)


# Reminders are committed in batches: each commit hands its notifications to
# the workers at once, so the first households hear within seconds instead of
# after the whole batch of a large round (10,000 bookings took minutes in one
# transaction). A batch killed half-way is safe: its rows roll back and the
# next run takes them again; the idempotency keys stop a second message.
REMINDER_BATCH = 500


@celery.task(name="market.send_slot_reminders", acks_late=True)
def send_slot_reminders(tenant_id: int) -> int:
    from core.db import transaction

    sent = 0
    with tenant_context(tenant_id):
        while True:
            with transaction():
                queued, handled = reminders.send_due_batch(limit=REMINDER_BATCH)
            sent += queued
            if handled < REMINDER_BATCH:
                return sent


@celery.task(name="market.send_slot_reminders_all", acks_late=True)
def send_slot_reminders_all() -> int:
    from core.tenancy import crossing
    from market.models.rounds import Round

    return crossing.fan_out(Round, send_slot_reminders)


periodic("market.release_no_shows", "market.release_no_shows_all", timedelta(minutes=5))
periodic("market.send_slot_reminders", "market.send_slot_reminders_all", timedelta(minutes=30))
