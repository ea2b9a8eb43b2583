"""The LINE Messaging API push channel against a fake LINE on localhost: the
tenant's token, one retry key per notification, 409 as already delivered."""

from __future__ import annotations

import uuid

import pytest

from core.db import db
from core.notifications import line
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context

LINE_USER = "U" + "4af4980629" * 3 + "ab"


@pytest.fixture
def fake_line(app, ctx, tenant, provider):
    tenant.settings = {"line": {"channel_token": "line-channel-token-abcd"}}
    db.session.commit()
    app.config["LINE_API_BASE"] = provider.url
    yield provider
    app.config.pop("LINE_API_BASE")


def push(tenant, key="line-1", **kw):
    kw.setdefault("address", LINE_USER)
    with tenant_context(tenant.id):
        n = queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key=key,
                               channel="line", lang="th", **kw)
        n_id = n.id
        db.session.commit()
    return n_id


def test_push_carries_the_token_the_user_and_a_retry_key(tenant, fake_line, reload):
    n_id = push(tenant)
    [request] = fake_line.requests
    assert request.path == "/v2/bot/message/push"
    assert request.headers["authorization"] == "Bearer line-channel-token-abcd"
    assert request.json == {"to": LINE_USER, "messages": [{"type": "text", "text": "สวัสดีคุณสมชาย นี่คือข้อความทดสอบ"}]}
    assert uuid.UUID(request.retry_key).version == 5
    assert request.retry_key == line.retry_key(tenant.id, n_id)
    [row] = reload(Notification, tenant.id)
    assert row.status == "sent"


def test_the_retry_key_is_the_same_across_retries_and_differs_between_notifications(
    tenant, fake_line, reload, eager_retries
):
    fake_line.answers = [(500, "oops"), (503, "later")]
    first = push(tenant, "a")
    second = push(tenant, "b")
    keys = [r.retry_key for r in fake_line.requests]
    assert len(keys) == 4
    assert keys[0] == keys[1] == keys[2] == line.retry_key(tenant.id, first)
    assert keys[3] == line.retry_key(tenant.id, second) != keys[0]
    assert [r.status for r in reload(Notification, tenant.id)] == ["sent", "sent"]


def test_the_same_notification_id_in_two_tenants_has_different_keys():
    assert line.retry_key(1, 7) != line.retry_key(2, 7)
    assert line.retry_key(1, 7) == line.retry_key(1, 7)


def test_409_for_an_accepted_retry_key_counts_as_sent(tenant, fake_line, reload):
    fake_line.answers = [(409, '{"message": "The retry key is already accepted"}')]
    push(tenant)
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.provider_response == "HTTP 409 Conflict: already accepted"


def test_a_400_is_permanent_and_only_its_status_is_kept(tenant, fake_line, reload, eager_retries, caplog):
    fake_line.answers = [(400, '{"message": "The property, \'to\', in the request body is invalid"}')]
    with caplog.at_level("INFO", logger="pansuk.notifications.provider"):
        push(tenant)
    assert len(fake_line.requests) == 1
    [row] = reload(Notification, tenant.id)
    assert row.status == "failed" and "is invalid" not in row.last_error
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert (delivery.status, delivery.response) == ("failed", "HTTP 400 Bad Request")
    assert "is invalid" in caplog.text  # the body is for the server's log only
    assert "line-channel-token-abcd" not in caplog.text


def test_a_429_is_retried(tenant, fake_line, reload, eager_retries):
    fake_line.answers = [(429, '{"message": "Too many requests"}')]
    push(tenant)
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["retry", "sent"]


def test_without_a_channel_token_nothing_is_sent(app, ctx, tenant, provider, reload):
    app.config["LINE_API_BASE"] = provider.url
    try:
        push(tenant)
    finally:
        app.config.pop("LINE_API_BASE")
    assert provider.requests == []
    [row] = reload(Notification, tenant.id)
    # not failed for good: it waits for the organisation to set its token
    assert row.status == "pending" and row.attempts == 0 and "token" in row.last_error


def test_each_tenant_pushes_with_its_own_token(tenant, make_tenant, fake_line):
    other = make_tenant(settings={"line": {"channel_token": "other-token-wxyz"}})
    push(tenant)
    push(other)
    assert [r.headers["authorization"] for r in fake_line.requests] == [
        "Bearer line-channel-token-abcd", "Bearer other-token-wxyz"]
