"""The outbox delivered by a real Celery worker on Redis: a separate process,
started here, reading the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from core import celery_app
from core.app import create_app
from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context
from tests import services

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[3]


def wait_for(predicate, timeout: float, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@pytest.fixture
def redis_url():
    url = services.redis_url()
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1) if url else None
        if client is not None:
            with client:
                client.ping()
    except redis.RedisError:
        url = None
    if url is None:
        if services.required():
            pytest.fail("REQUIRE_SERVICES=1 but Redis is not reachable")
        pytest.skip("needs Redis")
    return url


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen
    log: Path


@pytest.fixture
def worker(redis_url, database_url, tmp_path):
    queue = f"pansuk-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "celery", "-A", "core.worker", "worker", "--pool=solo",
        "--concurrency=1", "-Q", queue, "-n", f"{queue}@%h", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: process.poll() is not None or " ready." in log.read_text(), timeout=20)
        if process.poll() is not None or " ready." not in log.read_text():
            pytest.fail("the Celery worker did not start:\n" + log.read_text()[-3000:])
        yield Worker(queue, process, log)
    finally:
        process.terminate()  # warm shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def producer(app, worker, redis_url):
    """The app as the web process runs it: not eager, publishing to Redis."""
    web = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "REDIS_URL": redis_url,
            "CELERY_EAGER": False,
            "CELERY_QUEUE": worker.queue,
        }
    )
    yield web
    celery_app.init_app(app)  # eager again, and the Redis connections closed
    with web.app_context():
        db.engine.dispose()


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
