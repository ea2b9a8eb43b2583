"""A real Celery worker killed (SIGKILL) mid-delivery neither loses nor
duplicates a notification.

The fake LINE holds the first push open after accepting it, as a provider
that received the message but whose answer never reached us. The worker is
killed there; its claim goes stale, the sweep enqueues the notification again,
a new worker pushes it with the same X-Line-Retry-Key, and the provider, which
honours retry keys, answers 409: the notification ends sent, and the provider
accepted exactly one message.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.notifications.tasks import redeliver_stuck_notifications
from core.tenancy.context import tenant_context
from tests.core.notifications.workers import start_worker, wait_for

pytestmark = pytest.mark.redis

LINE_USER = "U" + "fedcba9876543210" * 2
STALE_SECONDS = 2


def row_of(notification_id: int, tenant_id: int) -> tuple[str, int]:
    with tenant_context(tenant_id):
        row = db.session.execute(
            sa.select(Notification.status, Notification.attempts).where(Notification.id == notification_id)
        ).one()
        db.session.rollback()
        return tuple(row)


def test_a_worker_killed_mid_delivery_neither_loses_nor_duplicates(
    ctx, make_tenant, make_producer, redis_url, database_url, provider, tmp_path
):
    provider.honour_retry_key = True
    provider.hold_next = True
    tenant = make_tenant(settings={"line": {"channel_token": "tok-kill-0001"}})
    queue = f"pansuk-kill-{uuid.uuid4().hex[:10]}"
    env = {"LINE_API_BASE": provider.url, "NOTIFY_STALE_AFTER_SECONDS": str(STALE_SECONDS)}
    producer = make_producer(queue, NOTIFY_STALE_AFTER_SECONDS=STALE_SECONDS)

    first = start_worker(queue, database_url=database_url, redis_url=redis_url, log=tmp_path / "first.log", **env)
    try:
        with producer.app_context(), tenant_context(tenant.id):
            n = queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key="kill-1",
                                   channel="line", address=LINE_USER)
            n_id = n.id
            db.session.commit()
        assert provider.received.wait(timeout=20), first.log.read_text()[-3000:]
        assert row_of(n_id, tenant.id) == ("sending", 1)  # mid-delivery
        first.process.kill()  # SIGKILL: no warm shutdown, no ack, no outcome recorded
        first.process.wait(timeout=10)
    finally:
        first.stop()
    assert row_of(n_id, tenant.id) == ("sending", 1)

    second = start_worker(queue, database_url=database_url, redis_url=redis_url, log=tmp_path / "second.log", **env)
    try:
        with producer.app_context():
            # nothing to do while the claim is fresh; once stale, the sweep enqueues it again
            assert wait_for(redeliver_stuck_notifications, timeout=STALE_SECONDS + 10, step=0.5)
        sent = wait_for(lambda: row_of(n_id, tenant.id)[0] == "sent", timeout=20)
        assert sent, second.log.read_text()[-3000:]
    finally:
        second.stop()

    assert row_of(n_id, tenant.id) == ("sent", 2)
    keys = [r.retry_key for r in provider.requests]
    assert len(keys) == 2 and len(set(keys)) == 1  # the same retry key both times
    assert provider.accepted_keys == keys[:1]  # the provider accepted one message: delivered once
    with tenant_context(tenant.id):
        deliveries = db.session.scalars(sa.select(NotificationDelivery)).all()
        assert [(d.status, d.response[:8]) for d in deliveries] == [("sent", "HTTP 409")]
        db.session.rollback()
