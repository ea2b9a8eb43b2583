"""Whatever a provider answers stays out of the pages and the API: staff see
the HTTP status and our own words, the server log keeps the body (truncated,
without the token). A tenant choosing the gateway could otherwise read
whatever answers at an address of its choice."""

from __future__ import annotations

import pytest

from core.db import db
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context

PHONE = "+66812345678"
TOKEN = "sms-token-SECRET-4242"
BODY = '{"error": "bad", "internal": "redis_version:7.2.4 KEY-LEAK-0001", "echo": "' + TOKEN + '", "to": "+66812345678"}'


@pytest.fixture
def answered(ctx, tenant, provider, eager_retries):
    """One SMS whose gateway answered 400 and a body full of things not to show."""
    tenant.settings = {"sms": {"url": provider.url + "/send", "token": TOKEN}}
    db.session.commit()
    provider.answers = [(400, BODY)]
    with tenant_context(tenant.id):
        n = queue_notification(template="test.hello", params={"name": "S"}, idempotency_key="a-1", address=PHONE,
                               channel="sms")
        db.session.commit()
        return n.id


def test_the_pages_show_only_the_status(client, tenant, make_member, answered):
    client.login(make_member(tenant, "admin", lang="en"))
    for url in (f"/t/{tenant.slug}/notifications/{answered}", f"/t/{tenant.slug}/notifications/"):
        html = client.get(url).get_data(as_text=True)
        assert "KEY-LEAK-0001" not in html and "redis_version" not in html and TOKEN not in html, url
        assert "66812345678" not in html
    assert "HTTP 400 Bad Request" in client.get(f"/t/{tenant.slug}/notifications/{answered}").get_data(as_text=True)


def test_the_api_shows_only_the_status(client, tenant, make_member, answered):
    from tests.core.notifications.test_api import bearer

    headers = bearer(make_member(tenant, "admin"), tenant)
    response = client.get(f"/api/v1/t/{tenant.slug}/notifications/{answered}", headers=headers)
    assert response.status_code == 200, response.json
    body = response.get_data(as_text=True)
    assert "KEY-LEAK-0001" not in body and TOKEN not in body
    assert "HTTP 400 Bad Request" in body


def test_the_server_log_keeps_the_body_without_the_token(ctx, tenant, provider, caplog):
    tenant.settings = {"sms": {"url": provider.url + "/send", "token": TOKEN}}
    db.session.commit()
    provider.answers = [(200, BODY + "x" * 5000)]
    with caplog.at_level("INFO", logger="pansuk.notifications.provider"):
        with tenant_context(tenant.id):
            queue_notification(template="test.hello", params={"name": "S"}, idempotency_key="log-1", address=PHONE,
                               channel="sms")
            db.session.commit()
    logged = [r.getMessage() for r in caplog.records if r.name == "pansuk.notifications.provider"]
    assert len(logged) == 1 and "KEY-LEAK-0001" in logged[0]
    assert TOKEN not in logged[0] and "66812345678" not in logged[0]
    assert len(logged[0]) < 500
