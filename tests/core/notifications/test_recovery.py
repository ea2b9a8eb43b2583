"""What a dead worker or a lost message leaves behind is delivered later, once;
a claim is taken by one worker only; SMTP trouble is transient."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db, transaction, utcnow
from core.notifications import services
from core.notifications.channels import EmailChannel, Outgoing, TransientError
from core.notifications.models import Notification
from core.notifications.tasks import redeliver_stuck_notifications
from core.tenancy.context import tenant_context
from tests.race import race


def row(tenant_id: int, key: str, **kw) -> int:
    with tenant_context(tenant_id):
        n = Notification(
            template="test.hello", params={"name": "S"}, channel="email", lang="en",
            address="somchai@example.org", idempotency_key=key, **kw,
        )
        db.session.add(n)
        db.session.commit()
        return n.id


def age(tenant_id: int, notification_id: int, **columns) -> None:
    with tenant_context(tenant_id):
        db.session.execute(sa.update(Notification).where(Notification.id == notification_id).values(**columns))
        db.session.commit()


def test_claim_is_taken_once(ctx, tenant):
    n_id = row(tenant.id, "once")
    with tenant_context(tenant.id):
        with transaction():
            first = services.claim(n_id)
        with transaction():
            second = services.claim(n_id)
    assert first is not None and first.attempts == 1
    assert second is None


def test_a_stale_sending_row_may_be_claimed_again(ctx, tenant):
    recent = row(tenant.id, "recent", status="sending", claimed_at=utcnow())
    stale = row(tenant.id, "stale", status="sending", claimed_at=utcnow() - timedelta(hours=1))
    with tenant_context(tenant.id), transaction():
        assert services.claim(recent) is None
        assert services.claim(stale) is not None


def test_sweep_redelivers_stuck_rows_in_every_tenant(ctx, make_tenant, memory_outbox):
    one, two = make_tenant(), make_tenant()
    old = utcnow() - timedelta(hours=1)
    idle = row(one.id, "idle")
    age(one.id, idle, updated_at=old)
    dead_worker = row(two.id, "dead", status="sending", claimed_at=old)
    fresh = row(two.id, "fresh")  # its own task is still on the way: left alone
    sent = row(one.id, "sent", status="sent")
    age(one.id, sent, updated_at=old)

    assert redeliver_stuck_notifications.apply().get() == 2
    assert sorted(m.notification_id for m in memory_outbox.sent) == sorted([idle, dead_worker])
    assert fresh not in {m.notification_id for m in memory_outbox.sent}
    assert redeliver_stuck_notifications.apply().get() == 0  # nothing left to do


def test_how_long_a_pending_row_waits_for_the_sweep_is_configurable(app, ctx, tenant, memory_outbox, monkeypatch):
    idle = row(tenant.id, "idle-30s")
    age(tenant.id, idle, updated_at=utcnow() - timedelta(seconds=30))
    assert redeliver_stuck_notifications.apply().get() == 0  # five minutes by default
    monkeypatch.setitem(app.config, "NOTIFY_IDLE_AFTER_SECONDS", 10)
    assert redeliver_stuck_notifications.apply().get() == 1
    assert [m.notification_id for m in memory_outbox.sent] == [idle]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_smtp_connection_refused_is_transient():
    channel = EmailChannel("127.0.0.1", closed_port(), "pansuk@example.org", timeout=2)
    message = Outgoing(1, 1, "somchai@example.org", "Subject", "Body", "en")
    with pytest.raises(TransientError):
        channel.send(message)


def test_concurrent_workers_claim_once(app, ctx, tenant, postgres_only):
    n_id = row(tenant.id, "race")
    results: list = []

    def worker(_i):
        with transaction():
            return services.claim(n_id)

    assert race(app, tenant.id, 4, worker, results) == {"ok": 4}
    assert len(results) == 4
    assert sum(r is not None for r in results) == 1
