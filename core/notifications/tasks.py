"""Notification delivery: one task per notification, plus a beat task that
re-enqueues what a lost message or a dead worker left behind.

Each step commits on its own: the claim (so no other worker sends it too), then
the outcome. A sent or failed notification is a no-op, so running twice is safe.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from core.celery_app import celery, periodic
from core.db import transaction
from core.notifications import channels, queries, services
from core.notifications.channels import NotConfigured, PermanentError, TransientError
from core.notifications.settings import idle_after, stale_after
from core.tenancy.context import tenant_context

log = logging.getLogger(__name__)

MAX_RETRIES = 8
MAX_ATTEMPTS = MAX_RETRIES + 1


@celery.task(
    name="core.deliver_notification",
    bind=True,
    acks_late=True,
    autoretry_for=(TransientError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=MAX_RETRIES,
)
def deliver_notification(self, notification_id: int, tenant_id: int) -> str:
    last_try = self.request.retries >= self.max_retries
    with tenant_context(tenant_id):
        try:
            return deliver(notification_id, last_try=last_try)
        except TransientError:
            if self.request.is_eager and not current_app.config.get("NOTIFY_INLINE_RETRIES"):
                # No broker: retrying inline would hold the person's request for
                # minutes. The row stays pending for redeliver_stuck_notifications.
                return "pending"
            raise


def deliver(notification_id: int, *, last_try: bool = False) -> str:
    """Claim, send, record. Raises TransientError when a retry should follow."""
    with transaction():
        claimed = services.claim(notification_id, stale_after(current_app.config))
    if claimed is None:
        return "skipped"
    last_try = last_try or claimed.attempts >= MAX_ATTEMPTS
    try:
        response = _send(claimed)
    except NotConfigured as exc:
        with transaction():
            services.record_waiting(notification_id, str(exc) or type(exc).__name__)
        return "waiting"
    except TransientError as exc:
        _record_failure(notification_id, exc, retry=not last_try)
        if last_try:
            return "failed"
        raise
    except PermanentError as exc:
        _record_failure(notification_id, exc, retry=False)
        return "failed"
    with transaction():
        services.record_sent(notification_id, response)
    return "sent"


def _send(claimed: services.Claimed) -> str:
    try:
        channel = channels.channel_for(claimed.channel, current_app.config)
        return channel.send(claimed.message)
    except (TransientError, PermanentError, NotConfigured):
        raise
    except Exception as exc:  # a broken channel must not leave the row 'sending'
        log.exception("notification %s: channel %s failed", claimed.message.notification_id, claimed.channel)
        raise PermanentError(f"{type(exc).__name__}: {exc}") from exc


def _record_failure(notification_id: int, exc: Exception, *, retry: bool) -> None:
    with transaction():
        services.record_failure(
            notification_id, str(exc) or type(exc).__name__, retry=retry, response=getattr(exc, "response", None)
        )


@celery.task(name="core.redeliver_stuck_notifications", acks_late=True)
def redeliver_stuck_notifications() -> int:
    """Re-enqueue pending rows nobody is working on and 'sending' rows whose
    worker died, across tenants; each delivery then runs in its own tenant."""
    with transaction():
        stuck = queries.stuck_notifications(
            idle_for=idle_after(current_app.config), stale_after=stale_after(current_app.config)
        )
    for notification_id, tenant_id in stuck:
        deliver_notification.delay(notification_id, tenant_id)
    return len(stuck)


periodic(
    "notifications.redeliver_stuck",
    "core.redeliver_stuck_notifications",
    timedelta(minutes=5),
)
