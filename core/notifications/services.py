"""The outbox: a notification is a row written in the business transaction and
delivered after commit (see ``core.notifications.tasks``)."""

from __future__ import annotations


def queue_notification(
    *,
    template: str,
    params: dict,
    idempotency_key: str,
    to_user_id: int | None = None,
    to_person_id: int | None = None,
    address: str | None = None,
    channel: str | None = None,
    lang: str = "th",
):
    """Write a Notification row for the tenant in context and schedule its
    delivery after commit. The same idempotency key twice returns the first row.
    (Interface fixed here; the outbox work fills it in.)"""
    raise NotImplementedError
