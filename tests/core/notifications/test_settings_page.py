"""The tenant's messaging settings page (tokens shown masked, audited without
the secret) and a notification's delivery log page (addresses masked)."""

from __future__ import annotations

from core.audit.models import AuditEvent
from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.secret_encryption import unseal_section
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

LINE_TOKEN = "line-secret-token-ABCD1234"
SMS_TOKEN = "sms-secret-token-WXYZ9876"


def settings_url(tenant) -> str:
    return f"/t/{tenant.slug}/notifications/settings"


def stored(tenant_id: int) -> dict:
    """The settings with secrets decrypted (the raw column is checked in test_secrets_at_rest)."""
    settings = db.session.get(Tenant, tenant_id, populate_existing=True).settings
    db.session.rollback()
    return {section: unseal_section(section, values) if isinstance(values, dict) else values
            for section, values in settings.items()}


def test_tokens_are_saved_and_shown_masked(client, tenant, make_member):
    admin = make_member(tenant, "admin")
    client.login(admin)
    response = client.post(settings_url(tenant), data={
        "line_channel_token": LINE_TOKEN, "sms_url": "https://sms.example.org/send", "sms_token": SMS_TOKEN,
        "sms_sender": "Pansuk", "sms_content_type": "application/json",
    })
    assert response.status_code == 302
    assert stored(tenant.id) == {
        "line": {"channel_token": LINE_TOKEN},
        "sms": {"url": "https://sms.example.org/send", "token": SMS_TOKEN, "sender": "Pansuk",
                "content_type": "application/json"},
    }
    html = client.get(settings_url(tenant)).get_data(as_text=True)
    assert "••••1234" in html and "••••9876" in html
    assert LINE_TOKEN not in html and SMS_TOKEN not in html
    assert "secret-token" not in html
    assert "https://sms.example.org/send" in html


def test_a_blank_token_keeps_the_stored_one_and_clear_removes_it(client, tenant, make_member):
    tenant.settings = {"line": {"channel_token": LINE_TOKEN}}
    db.session.commit()
    client.login(make_member(tenant, "admin"))
    client.post(settings_url(tenant), data={"line_channel_token": "", "sms_content_type": "application/json",
                                            "sms_sender": "X"})
    assert stored(tenant.id)["line"] == {"channel_token": LINE_TOKEN}
    client.post(settings_url(tenant), data={"clear_line_channel_token": "y", "sms_content_type": "application/json"})
    assert stored(tenant.id)["line"] == {}


def test_the_audit_says_a_token_was_set_without_its_value(client, tenant, make_member):
    client.login(make_member(tenant, "admin"))
    client.post(settings_url(tenant), data={"line_channel_token": LINE_TOKEN, "sms_content_type": "application/json"})
    with tenant_context(tenant.id):
        [event] = db.session.scalars(db.select(AuditEvent)).all()
        assert event.action == "notifications.settings.update"
        assert event.after == {"line": {"channel_token": "set"}, "sms": {"content_type": "application/json"}}
        db.session.rollback()


def test_a_gateway_url_must_be_http(client, tenant, make_member):
    client.login(make_member(tenant, "admin", lang="en"))
    response = client.post(settings_url(tenant), data={"sms_url": "ftp://x", "sms_content_type": "application/json"})
    assert response.status_code == 200 and "http://" in response.get_data(as_text=True)
    assert stored(tenant.id) == {}


def test_only_tenant_managers_may_see_or_change_settings(client, tenant, make_member, make_tenant):
    for role in ("staff", "volunteer", "household"):
        client.login(make_member(tenant, role))
        assert client.get(settings_url(tenant)).status_code == 403
        assert client.post(settings_url(tenant), data={"line_channel_token": "x"}).status_code == 403
    other = make_tenant()
    client.login(make_member(other, "admin"))
    assert client.post(settings_url(tenant), data={"line_channel_token": "x"}).status_code in (403, 404)
    assert stored(tenant.id) == {}


def add_notification(tenant_id: int, **kw) -> int:
    with tenant_context(tenant_id):
        n = Notification(template="test.hello", params={"name": "S"}, channel="sms", address="+66812345678",
                         idempotency_key=kw.pop("key", "d-1"), status="sent", attempts=2, **kw)
        db.session.add(n)
        db.session.flush()
        db.session.add_all([
            NotificationDelivery(notification_id=n.id, status="retry", error="HTTP 500: busy",
                                 response="HTTP 500: busy"),
            NotificationDelivery(notification_id=n.id, status="sent",
                                 response='HTTP 200: {"to": "+66812345678", "id": "msg-77"}'),
        ])
        db.session.commit()
        return n.id


def test_detail_page_shows_the_delivery_log_masked(client, tenant, make_member):
    n_id = add_notification(tenant.id)
    client.login(make_member(tenant, "staff"))
    html = client.get(f"/t/{tenant.slug}/notifications/{n_id}").get_data(as_text=True)
    assert html.count("<tr data-delivery=") == 2
    assert 'data-delivery="retry"' in html and 'data-delivery="sent"' in html
    assert "HTTP 500 Internal Server Error" in html and "HTTP 200 OK" in html
    assert "msg-77" not in html and "busy" not in html  # rows from before keep only their status on the page
    assert "•••5678" in html and "66812345678" not in html
    index = client.get(f"/t/{tenant.slug}/notifications/").get_data(as_text=True)
    assert f"/notifications/{n_id}" in index


def test_detail_page_of_another_tenant_is_not_found(client, tenant, make_member, make_tenant):
    theirs = make_tenant()
    n_id = add_notification(theirs.id)
    client.login(make_member(tenant, "staff"))
    assert client.get(f"/t/{tenant.slug}/notifications/{n_id}").status_code == 404
    client.login(make_member(tenant, "household"))
    assert client.get(f"/t/{tenant.slug}/notifications/{n_id}").status_code == 403


def test_settings_page_is_in_thai(client, tenant, make_member):
    html = client.login(make_member(tenant, "admin", lang="th")).get(settings_url(tenant)).get_data(as_text=True)
    assert "ตั้งค่าการส่งข้อความ" in html and "LINE Notify" in html
