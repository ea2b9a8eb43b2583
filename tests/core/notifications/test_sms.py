"""SMS through the HTTP gateway adapter, against a fake gateway on localhost:
success, transient trouble retried, permanent refusals not."""

from __future__ import annotations

import pytest

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.notifications.sms import render_body
from core.tenancy.context import tenant_context

PHONE = "+66812345678"


@pytest.fixture
def gateway(ctx, tenant, provider):
    tenant.settings = {"sms": {"url": provider.url + "/sms/send", "token": "sms-token-1234", "sender": "Pansuk"}}
    db.session.commit()
    return provider


def send(tenant, key="sms-1", **kw):
    kw.setdefault("address", PHONE)
    kw.setdefault("channel", "sms")
    with tenant_context(tenant.id):
        n = queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key=key, lang="th", **kw)
        n_id = n.id
        db.session.commit()
    return n_id


def test_sms_is_posted_as_utf8_json_with_the_token(tenant, gateway, reload):
    send(tenant)
    [request] = gateway.requests
    assert request.path == "/sms/send"
    assert request.headers["authorization"] == "Bearer sms-token-1234"
    assert request.headers["content-type"].startswith("application/json")
    assert request.json == {"to": PHONE, "text": "สวัสดีคุณสมชาย นี่คือข้อความทดสอบ", "sender": "Pansuk"}
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts) == ("sent", 1)
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert delivery.status == "sent" and delivery.response.startswith("HTTP 200")


def test_a_long_thai_message_is_sent_whole(tenant, gateway, reload):
    body = "ข้อความยาว " * 200
    with tenant_context(tenant.id):
        queue_notification(template="generic.message", params={"subject": "s", "body": body},
                           idempotency_key="long", address=PHONE, channel="sms")
        db.session.commit()
    assert gateway.requests[0].json["text"] == body
    assert reload(Notification, tenant.id)[0].status == "sent"


def test_a_500_is_retried_and_then_sent(tenant, gateway, reload, eager_retries):
    gateway.answers = [(500, "gateway busy")]
    send(tenant)
    assert len(gateway.requests) == 2
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts) == ("sent", 2)
    deliveries = reload(NotificationDelivery, tenant.id)
    assert [d.status for d in deliveries] == ["retry", "sent"]
    assert deliveries[0].response == "HTTP 500 Internal Server Error"  # the status, never the body


def test_a_429_is_transient(tenant, gateway, reload, eager_retries):
    gateway.answers = [(429, "slow down")]
    send(tenant)
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["retry", "sent"]


def test_a_400_is_permanent_and_not_retried(tenant, gateway, reload, eager_retries):
    gateway.answers = [(400, '{"error": "invalid number", "detail": "' + "x" * 2000 + '"}')]
    send(tenant)
    assert len(gateway.requests) == 1
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.attempts) == ("failed", 1)
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert delivery.status == "failed"
    assert delivery.response == "HTTP 400 Bad Request"  # the provider's text is not kept
    assert row.provider_response == delivery.response and "invalid number" not in row.last_error


def test_a_refused_connection_is_transient(ctx, tenant, provider, reload):
    url = provider.url
    provider.stop()  # nothing listens there any more
    tenant.settings = {"sms": {"url": url + "/sms"}}
    db.session.commit()
    send(tenant)
    [row] = reload(Notification, tenant.id)
    assert row.status == "pending"  # eager mode: left for the redelivery sweep
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert delivery.status == "retry" and "connection failed" in delivery.error


def test_a_phone_not_in_e164_is_refused_without_a_request(tenant, gateway, reload):
    send(tenant, address="0812345678")
    assert gateway.requests == []
    [row] = reload(Notification, tenant.id)
    assert row.status == "failed" and "E.164" in row.last_error


def test_the_app_gateway_is_the_fallback(app, ctx, tenant, provider, reload):
    app.config.update(SMS_GATEWAY_URL=provider.url + "/fallback", SMS_GATEWAY_TOKEN="app-token-9876")
    try:
        send(tenant)
    finally:
        app.config.update(SMS_GATEWAY_URL=None, SMS_GATEWAY_TOKEN=None)
    [request] = provider.requests
    assert request.path == "/fallback" and request.headers["authorization"] == "Bearer app-token-9876"
    assert reload(Notification, tenant.id)[0].status == "sent"


def test_a_form_body_and_an_api_key_header(ctx, tenant, provider, reload):
    tenant.settings = {"sms": {
        "url": provider.url + "/send", "token": "key-5555", "auth_header": "X-Api-Key", "auth_scheme": "",
        "content_type": "application/x-www-form-urlencoded", "body_template": "msisdn={to}&message={text}",
    }}
    db.session.commit()
    send(tenant)
    [request] = provider.requests
    assert request.headers["x-api-key"] == "key-5555" and "authorization" not in request.headers
    from urllib.parse import parse_qs

    assert parse_qs(request.body.decode()) == {"msisdn": [PHONE], "message": ["สวัสดีคุณสมชาย นี่คือข้อความทดสอบ"]}


def test_no_gateway_is_not_a_failure_the_message_waits(ctx, tenant, reload):
    send(tenant)
    [row] = reload(Notification, tenant.id)
    assert row.status == "pending" and row.attempts == 0
    assert row.last_error.startswith("no SMS gateway is set up")


def test_placeholders_in_the_text_are_not_substituted_again():
    body, kind = render_body({}, to=PHONE, text='say "{to}" {sender}')
    assert kind == "application/json"
    assert body.decode() == '{"to": "+66812345678", "text": "say \\"{to}\\" {sender}", "sender": ""}'
