"""The outbox: written in the business transaction, delivered after commit,
once per idempotency key, retried on transient failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.notifications import messages
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import NoAddress, queue_notification
from core.notifications.tasks import MAX_ATTEMPTS, deliver_notification
from core.tenancy.context import tenant_context


def hello(key: str = "k-1", **kw) -> Notification:
    kw.setdefault("address", "somchai@example.org")
    kw.setdefault("channel", "email")
    kw.setdefault("lang", "en")
    return queue_notification(template="test.hello", params={"name": "Somchai"}, idempotency_key=key, **kw)


def test_queued_row_is_delivered_only_after_commit(ctx, tenant, memory_outbox, reload):
    with tenant_context(tenant.id):
        n = hello()
        assert n.status == "pending" and n.tenant_id == tenant.id
        assert memory_outbox.sent == []  # nothing leaves before the commit
        db.session.commit()

    [message] = memory_outbox.sent
    assert message.address == "somchai@example.org"
    assert message.subject == "Hello from Pansuk"
    assert message.body == "Hello Somchai, this is a test message."
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None and row.provider_response == "memory:1"
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["sent"]


def test_rollback_leaves_no_row_and_sends_nothing(ctx, tenant, memory_outbox, reload):
    with tenant_context(tenant.id):
        hello()
        db.session.rollback()
        db.session.commit()  # a later commit must not run the dropped callback
    assert memory_outbox.sent == []
    assert reload(Notification, tenant.id) == []


def test_same_idempotency_key_gives_one_row_and_one_delivery(ctx, tenant, memory_outbox, reload):
    with tenant_context(tenant.id):
        first = hello("claim-42")
        again = hello("claim-42")  # same transaction
        assert again.id == first.id
        db.session.commit()
        later = hello("claim-42")  # a later transaction
        db.session.commit()
    assert later.id == first.id
    assert len(reload(Notification, tenant.id)) == 1
    assert len(memory_outbox.sent) == 1


def test_idempotency_keys_are_per_tenant(ctx, make_tenant, memory_outbox):
    one, two = make_tenant(), make_tenant()
    for t in (one, two):
        with tenant_context(t.id):
            hello("same-key")
            db.session.commit()
    assert sorted(m.tenant_id for m in memory_outbox.sent) == sorted([one.id, two.id])


def test_running_the_task_twice_sends_once(ctx, tenant, memory_outbox, reload):
    with tenant_context(tenant.id):
        n = hello()
        db.session.commit()
        n_id = n.id
    again = deliver_notification.apply(args=(n_id, tenant.id))
    assert again.get() == "skipped"
    assert len(memory_outbox.sent) == 1
    assert len(reload(NotificationDelivery, tenant.id)) == 1


def pending_row(tenant_id: int, **kw) -> int:
    """A pending row written directly, so no delivery is scheduled."""
    kw.setdefault("channel", "email")
    kw.setdefault("address", "somchai@example.org")
    with tenant_context(tenant_id):
        row = Notification(template="test.hello", params={"name": "S"}, lang="en", idempotency_key="raw", **kw)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_task_for_another_tenant_finds_nothing(ctx, make_tenant, memory_outbox, reload):
    owner, other = make_tenant(), make_tenant()
    n_id = pending_row(owner.id)
    assert deliver_notification.apply(args=(n_id, other.id)).get() == "skipped"
    assert [r.status for r in reload(Notification, owner.id)] == ["pending"]
    assert deliver_notification.apply(args=(n_id, owner.id)).get() == "sent"
    assert len(memory_outbox.sent) == 1


def test_transient_failure_is_retried_then_succeeds(ctx, tenant, flaky, reload, eager_retries):
    flaky.failures = 2
    with tenant_context(tenant.id):
        hello(channel="flaky")
        db.session.commit()
    assert flaky.calls == 3 and len(flaky.sent) == 1
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts, row.provider_response) == ("sent", 3, "flaky ok after 3")
    deliveries = reload(NotificationDelivery, tenant.id)
    assert [d.status for d in deliveries] == ["retry", "retry", "sent"]
    assert deliveries[0].error == "connection refused (call 1)"


def test_transient_failures_give_up_after_max_attempts(ctx, tenant, flaky, reload, eager_retries):
    flaky.failures = 10**6
    with tenant_context(tenant.id):
        hello(channel="flaky")
        db.session.commit()
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    assert row.last_error == f"connection refused (call {MAX_ATTEMPTS})"
    assert flaky.calls == MAX_ATTEMPTS and flaky.sent == []
    statuses = [d.status for d in reload(NotificationDelivery, tenant.id)]
    assert statuses == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]


def test_without_a_broker_a_transient_failure_waits_for_redelivery(ctx, tenant, flaky, reload):
    """Eager mode never retries inside the request: one attempt, the row stays
    pending, and the redelivery task sends it later."""
    from core.notifications.tasks import redeliver_stuck_notifications

    flaky.failures = 1
    with tenant_context(tenant.id):
        hello(channel="flaky")
        db.session.commit()
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts, flaky.calls) == ("pending", 1, 1)
    with tenant_context(tenant.id):
        db.session.execute(sa.update(Notification).values(updated_at=Notification.updated_at - timedelta(hours=1)))
        db.session.commit()
    assert redeliver_stuck_notifications.delay().get() == 1
    [row] = reload(Notification, tenant.id)
    assert (row.status, flaky.calls, len(flaky.sent)) == ("sent", 2, 1)


def test_permanent_failure_is_not_retried(ctx, tenant, flaky, reload):
    flaky.permanent = True
    with tenant_context(tenant.id):
        hello(channel="flaky")
        db.session.commit()
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "address does not exist")
    assert flaky.calls == 1


def test_thai_and_english_rendering(ctx, tenant, memory_outbox):
    params = {"code": "482913", "minutes": 10}
    with tenant_context(tenant.id):
        for lang in ("th", "en"):
            queue_notification(
                template="auth.claim_code", params=params, idempotency_key=f"code-{lang}",
                address="somchai@example.org", channel="email", lang=lang,
            )
        db.session.commit()
    by_lang = {m.lang: m for m in memory_outbox.sent}
    assert by_lang["th"].subject == "รหัสยืนยันปันสุข"
    assert by_lang["th"].body == "รหัสของคุณคือ 482913 ใช้ได้ภายใน 10 นาที ห้ามบอกรหัสนี้กับผู้อื่น"
    assert by_lang["en"].subject == "Your Pansuk code"
    assert by_lang["en"].body.startswith("Your code is 482913. It expires in 10 minutes.")


def test_every_template_has_thai_and_english_with_the_same_placeholders():
    def base(names: set[str]) -> set[str]:
        # a Thai form of a value ({unit_th}) stands for the value itself ({unit}): see messages.render
        return {n[:-3] if n.endswith("_th") else n for n in names}

    for key, versions in messages.TEMPLATES.items():
        assert set(versions) == {"th", "en"}, key
        assert base(messages.placeholders(versions["th"])) == messages.placeholders(versions["en"]), key


def test_unknown_template_or_missing_parameter_fails_at_queue_time(ctx, tenant, reload):
    with tenant_context(tenant.id):
        with pytest.raises(messages.UnknownTemplate):
            queue_notification(template="no.such", params={}, idempotency_key="a")
        with pytest.raises(messages.MissingParameter):
            queue_notification(template="auth.claim_code", params={"code": "1"}, idempotency_key="b")
        with pytest.raises(LookupError):
            queue_notification(template="test.hello", params={"name": "x"}, idempotency_key="c", channel="pigeon")
        db.session.commit()
    assert reload(Notification, tenant.id) == []


def test_address_comes_from_the_user_or_the_person(ctx, tenant, make_user, make_person, memory_outbox):
    user = make_user(email="malee@example.org")
    person = make_person(tenant, phone="+66812345678")
    with tenant_context(tenant.id):
        by_user = hello("u", address=None, to_user_id=user.id)
        by_person = hello("p", address=None, channel="console", to_person_id=person.id)
        assert (by_user.address, by_person.address) == ("malee@example.org", "+66812345678")
        with pytest.raises(NoAddress):  # a person without a user has no email
            hello("p-mail", address=None, to_person_id=person.id)
        db.session.commit()
    assert [m.address for m in memory_outbox.sent] == ["malee@example.org"]
