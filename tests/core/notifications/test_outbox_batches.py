"""Notifications a transaction queued go to the workers in batches once it
commits: one claim and one record per batch, each message still sent once,
and the single-message rules (retries, opt-outs, a row already sent) kept."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from celery.signals import task_prerun

from core.db import db
from core.notifications import outbox
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.preferences import set_preference
from core.notifications.services import queue_notification
from core.notifications.tasks import deliver_batch
from core.tenancy.context import tenant_context


def hello(key: str, **kw) -> Notification:
    kw.setdefault("address", f"{key}@example.org")
    kw.setdefault("channel", "email")
    kw.setdefault("lang", "en")
    return queue_notification(template="test.hello", params={"name": key}, idempotency_key=key, **kw)


@pytest.fixture
def tasks_run():
    """(task name, args) of every task that ran, through Celery's own signal."""
    seen: list[tuple[str, tuple]] = []

    def note(sender=None, args=None, **_):
        seen.append((sender.name, tuple(args or ())))

    task_prerun.connect(note, weak=False)
    yield seen
    task_prerun.disconnect(note)


def deliveries(tasks_run):
    return [(name, args) for name, args in tasks_run if name.startswith("core.deliver_notification")]


def test_one_transaction_of_many_goes_out_as_one_batch(ctx, tenant, memory_outbox, reload, tasks_run):
    with tenant_context(tenant.id):
        ids = [hello(f"k{i}").id for i in range(5)]
        db.session.commit()
    assert deliveries(tasks_run) == [("core.deliver_notifications", (ids, tenant.id))]
    assert sorted(m.address for m in memory_outbox.sent) == sorted(f"k{i}@example.org" for i in range(5))
    rows = reload(Notification, tenant.id)
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    assert all(r.sent_at is not None and r.provider_response for r in rows)
    assert sorted(d.notification_id for d in reload(NotificationDelivery, tenant.id, status="sent")) == ids


def test_batches_hold_at_most_the_batch_size(ctx, tenant, memory_outbox, reload, tasks_run, monkeypatch):
    monkeypatch.setattr(outbox, "BATCH", 2)
    with tenant_context(tenant.id):
        ids = [hello(f"k{i}").id for i in range(5)]
        db.session.commit()
    assert deliveries(tasks_run) == [
        ("core.deliver_notifications", (ids[0:2], tenant.id)),
        ("core.deliver_notifications", (ids[2:4], tenant.id)),
        ("core.deliver_notification", (ids[4], tenant.id)),
    ]
    assert len(memory_outbox.sent) == 5


def test_a_single_notification_keeps_the_single_task(ctx, tenant, memory_outbox, tasks_run):
    with tenant_context(tenant.id):
        n_id = hello("one").id
        db.session.commit()
    assert deliveries(tasks_run) == [("core.deliver_notification", (n_id, tenant.id))]


def test_a_rolled_back_savepoint_drops_its_notification_from_the_batch(ctx, tenant, memory_outbox, reload, tasks_run):
    with tenant_context(tenant.id):
        first = hello("first").id
        savepoint = db.session.begin_nested()
        hello("dropped")
        savepoint.rollback()
        last = hello("last").id
        db.session.commit()
    assert deliveries(tasks_run) == [("core.deliver_notifications", ([first, last], tenant.id))]
    assert sorted(m.address for m in memory_outbox.sent) == ["first@example.org", "last@example.org"]


def test_a_rolled_back_transaction_hands_nothing_over_and_the_next_one_starts_afresh(
    ctx, tenant, memory_outbox, tasks_run
):
    with tenant_context(tenant.id):
        hello("gone-1"), hello("gone-2")
        db.session.rollback()
        kept = [hello("kept-1").id, hello("kept-2").id]
        db.session.commit()
    assert deliveries(tasks_run) == [("core.deliver_notifications", (kept, tenant.id))]
    assert sorted(m.address for m in memory_outbox.sent) == ["kept-1@example.org", "kept-2@example.org"]


def test_delivering_a_batch_twice_sends_each_message_once(ctx, tenant, memory_outbox, reload):
    with tenant_context(tenant.id):
        ids = [hello(f"k{i}").id for i in range(3)]
        db.session.commit()
    assert len(memory_outbox.sent) == 3
    with tenant_context(tenant.id):
        assert deliver_batch(ids) == {"skipped": 3}
    assert len(memory_outbox.sent) == 3
    assert len(reload(NotificationDelivery, tenant.id)) == 3


LINE_USER = "U" + "4af4980629" * 3 + "ab"


def waiting_for_line(tenant, n: int, prefix: str = "w") -> list[int]:
    """Notifications queued while the council has not set LINE up: they wait."""
    with tenant_context(tenant.id):
        ids = [hello(f"{prefix}{i}", channel="line", address=LINE_USER).id for i in range(n)]
        db.session.commit()
    return ids


def set_up_line(app, tenant, provider):
    tenant.settings = {"line": {"channel_token": "line-channel-token-abcd"}}
    db.session.commit()
    app.config["LINE_API_BASE"] = provider.url


def test_a_batch_for_another_tenant_finds_nothing(app, ctx, make_tenant, provider, reload):
    mine, other = make_tenant(), make_tenant()
    ids = waiting_for_line(mine, 2)
    set_up_line(app, mine, provider)
    try:
        with tenant_context(other.id):
            assert deliver_batch(ids) == {"skipped": 2}
    finally:
        app.config.pop("LINE_API_BASE")
    assert provider.requests == []
    assert [r.status for r in reload(Notification, mine.id)] == ["pending", "pending"]


def test_a_transient_failure_in_a_batch_retries_that_message_alone(ctx, tenant, flaky, reload, eager_retries):
    flaky.failures = 1
    with tenant_context(tenant.id):
        ids = [hello(f"k{i}", channel="flaky").id for i in range(3)]
        db.session.commit()
    # the first message failed once and was retried on its own; the others went in the batch
    assert flaky.calls == 4
    assert sorted(m.notification_id for m in flaky.sent) == ids
    rows = reload(Notification, tenant.id)
    assert [(r.status, r.attempts) for r in rows] == [("sent", 2), ("sent", 1), ("sent", 1)]
    log = [(d.notification_id, d.status) for d in reload(NotificationDelivery, tenant.id)]
    assert sorted(log) == sorted([(ids[0], "retry"), (ids[0], "sent"), (ids[1], "sent"), (ids[2], "sent")])


def test_without_a_broker_a_failed_message_of_a_batch_waits_for_the_sweep(ctx, tenant, flaky, reload):
    flaky.failures = 1
    with tenant_context(tenant.id):
        [hello(f"k{i}", channel="flaky") for i in range(3)]
        db.session.commit()
    assert [(r.status, r.attempts) for r in reload(Notification, tenant.id)] == [
        ("pending", 1), ("sent", 1), ("sent", 1)
    ]


def test_a_permanent_failure_fails_that_message_only(ctx, tenant, flaky, reload):
    flaky.permanent = True
    with tenant_context(tenant.id):
        [hello(f"k{i}", channel="flaky") for i in range(2)]
        db.session.commit()
    assert [r.status for r in reload(Notification, tenant.id)] == ["failed", "failed"]
    assert flaky.calls == 2


def test_a_person_who_opted_out_after_queueing_is_not_written_to(ctx, tenant, make_person, memory_outbox, reload):
    with tenant_context(tenant.id):
        keen, tired = make_person(tenant), make_person(tenant)
        keen_id, tired_id = keen.id, tired.id
        db.session.commit()
    with tenant_context(tenant.id):
        for person_id in (keen_id, tired_id):
            set_preference(person_id, channel_order=["email"], email=f"p{person_id}@example.org", actor_id=None,
                           opted_out_channels=[], opted_out_all=False, line_user_id=None)
        db.session.commit()
    with tenant_context(tenant.id):
        for person_id in (keen_id, tired_id):
            hello(f"p{person_id}", to_person_id=person_id, address=None, channel=None)
        # the same transaction, after queueing: the second person opts out of everything
        set_preference(tired_id, channel_order=["email"], email=f"p{tired_id}@example.org", actor_id=None,
                       opted_out_channels=[], opted_out_all=True, line_user_id=None)
        db.session.commit()
    assert [m.address for m in memory_outbox.sent] == [f"p{keen_id}@example.org"]
    rows = {r.to_person_id: r for r in reload(Notification, tenant.id)}
    assert rows[keen_id].status == "sent"
    assert (rows[tired_id].status, rows[tired_id].last_error) == ("failed", "opted out")


@contextlib.contextmanager
def statements():
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)


def test_a_batch_costs_the_same_statements_whatever_its_size(app, ctx, tenant, provider, reload):
    few, more = waiting_for_line(tenant, 3, "few"), waiting_for_line(tenant, 19, "more")
    set_up_line(app, tenant, provider)
    counts = {}
    try:
        for ids in (few, more):  # both under RECORD_EVERY: one record each
            with tenant_context(tenant.id), statements() as seen:
                assert deliver_batch(ids) == {"sent": len(ids)}
            counts[len(ids)] = len(seen)
    finally:
        app.config.pop("LINE_API_BASE")
    assert counts[3] == counts[19], counts
    assert len(provider.requests) == 22
    assert {r.status for r in reload(Notification, tenant.id)} == {"sent"}
