"""The outbox delivered by a real Celery worker on Redis: a separate process,
started here, reading the test database."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context
from tests.core.notifications.workers import start_worker, wait_for

pytestmark = pytest.mark.redis


@pytest.fixture
def worker(redis_url, database_url, tmp_path):
    queue = f"pansuk-test-{uuid.uuid4().hex[:10]}"
    worker = start_worker(queue, database_url=database_url, redis_url=redis_url, log=tmp_path / "worker.log")
    yield worker
    worker.stop()


@pytest.fixture
def producer(make_producer, worker):
    return make_producer(worker.queue)


def status_of(notification_id: int, tenant_id: int) -> str:
    with tenant_context(tenant_id):
        status = db.session.scalar(sa.select(Notification.status).where(Notification.id == notification_id))
        db.session.rollback()
        return status


def test_outbox_delivered_by_a_real_worker(ctx, make_tenant, producer, worker):
    tenant = make_tenant()
    with producer.app_context(), tenant_context(tenant.id):
        n = queue_notification(
            template="test.hello", params={"name": "Somchai"}, idempotency_key="worker-1",
            address="somchai@example.org", channel="console", lang="en",
        )
        n_id = n.id
        assert n.status == "pending"
        db.session.commit()

    assert wait_for(lambda: status_of(n_id, tenant.id) == "sent", timeout=30), worker.log.read_text()[-3000:]
    with tenant_context(tenant.id):
        deliveries = db.session.scalars(sa.select(NotificationDelivery)).all()
        row = db.session.get(Notification, n_id)
        assert [(d.notification_id, d.status) for d in deliveries] == [(n_id, "sent")]
        assert (row.attempts, row.provider_response) == (1, "logged")
    assert f"notification {n_id} to somchai@example.org" in worker.log.read_text()
