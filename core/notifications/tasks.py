"""Notification delivery: one task per notification, plus a beat task that
re-enqueues what a lost message or a dead worker left behind.

Each step commits on its own: the claim (so no other worker sends it too), then
the outcome. A sent or failed notification is a no-op, so running twice is safe.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from flask import current_app

from core.celery_app import celery, periodic
from core.db import transaction
from core.notifications import batch_delivery, channels, queries, services
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


@celery.task(name="core.deliver_notifications", bind=True, acks_late=True)
def deliver_notifications(self, notification_ids: list[int], tenant_id: int) -> dict[str, int]:
    """A batch of one tenant's notifications (see ``core.notifications.outbox``)."""
    with tenant_context(tenant_id):
        return dict(deliver_batch(notification_ids, eager=bool(self.request.is_eager)))


# Sent messages are recorded this often within a batch, so a worker that dies
# mid-batch leaves few sent-but-unrecorded rows for the sweep to send again.
RECORD_EVERY = 20


def deliver_batch(notification_ids: list[int], *, eager: bool = False) -> Counter[str]:
    """Claim the batch, send each, record. A message that fails for now goes
    back to pending and is retried on its own with the single task's backoff
    (inline only where eager tasks retry inline; otherwise the sweep finds it)."""
    with transaction():
        claimed = batch_delivery.claim_many(notification_ids, stale_after(current_app.config))
    outcome: Counter[str] = Counter(skipped=len(notification_ids) - len(claimed))
    sent: list[tuple[int, str]] = []
    for one in claimed:
        notification_id = one.message.notification_id
        try:
            sent.append((notification_id, _send(one)))
        except NotConfigured as exc:
            with transaction():
                services.record_waiting(notification_id, str(exc) or type(exc).__name__)
            outcome["waiting"] += 1
        except TransientError as exc:
            retry = one.attempts < MAX_ATTEMPTS
            _record_failure(notification_id, exc, retry=retry)
            outcome["retry" if retry else "failed"] += 1
            if retry:
                _retry_alone(notification_id, one.message.tenant_id, one.attempts, eager=eager)
        except PermanentError as exc:
            _record_failure(notification_id, exc, retry=False)
            outcome["failed"] += 1
        if len(sent) >= RECORD_EVERY:
            outcome["sent"] += _record_sent(sent)
    outcome["sent"] += _record_sent(sent)
    return +outcome


def _record_sent(sent: list[tuple[int, str]]) -> int:
    with transaction():
        batch_delivery.record_sent_many(sent)
    count = len(sent)
    sent.clear()
    return count


def _retry_alone(notification_id: int, tenant_id: int, attempts: int, *, eager: bool) -> None:
    if not eager:
        deliver_notification.apply_async((notification_id, tenant_id), countdown=min(2 ** attempts, 600))
    elif current_app.config.get("NOTIFY_INLINE_RETRIES"):
        deliver_notification.apply((notification_id, tenant_id), retries=1)


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
