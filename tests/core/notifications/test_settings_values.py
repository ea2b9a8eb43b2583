"""Giant, binary and header-breaking values in the messaging settings: each
refused with a clear message in the admin's language, nothing stored."""

from __future__ import annotations

import pytest

from core.db import db
from core.notifications.settings import SettingNotText, SettingTooLong, update_messaging_settings
from core.tenancy.models import Tenant


def settings_url(tenant) -> str:
    return f"/t/{tenant.slug}/notifications/settings"


def stored(tenant_id: int) -> dict:
    settings = db.session.get(Tenant, tenant_id, populate_existing=True).settings
    db.session.rollback()
    return settings


GOOD = {"sms_url": "https://sms.example.org/send", "sms_token": "tok-1234567890", "sms_content_type": "application/json"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("sms_sender", "x" * 100_000, "This value is too long: at most 40 characters"),
    ("sms_url", "https://sms.example.org/" + "a" * 5000, "This value is too long: at most 500 characters"),
    ("line_channel_token", "t" * 501, "This value is too long: at most 500 characters"),
    ("sms_body_template", "{text}" * 1000, "This value is too long: at most 2000 characters"),
    ("sms_token", "tok\r\nX-Injected: 1", "not allowed (control or binary characters)"),
    ("sms_auth_scheme", "Bearer\r\nHost: evil", "not allowed (control or binary characters)"),
    ("sms_sender", "Pan\nsuk", "not allowed (control or binary characters)"),
    ("line_channel_token", "line\ttoken", "not allowed (control or binary characters)"),
    ("sms_auth_header", "X-Key: injected", "A header name has only letters, digits and dashes"),
    ("sms_url", "https://sms.example.org/\r\nX: y", "not allowed (control or binary characters)"),
    ("sms_url", "https://sms.example.org/a b", "Enter an http:// or https:// address"),
])
def test_a_bad_value_is_refused_and_nothing_is_stored(client, tenant, make_member, field, value, message):
    client.login(make_member(tenant, "admin", lang="en"))
    response = client.post(settings_url(tenant), data={**GOOD, field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert stored(tenant.id) == {}


@pytest.mark.parametrize(("field", "value"), [
    ("sms_sender", "Pan\x00suk"),
    ("sms_token", "tok\x00\x01\x02\xff\xfe"),
    ("line_channel_token", "line\x1b[31mtoken"),
    ("sms_body_template", '{"to": {to}, "text": {text}\x07}'),
    ("sms_url", "https://sms.example.org/\x00"),
])
def test_binary_values_are_refused_at_the_door(client, tenant, make_member, field, value):
    client.login(make_member(tenant, "admin", lang="en"))
    response = client.post(settings_url(tenant), data={**GOOD, field: value})
    assert response.status_code == 400
    if "\x00" not in value:
        assert "invisible control characters" in response.get_data(as_text=True)
    assert stored(tenant.id) == {}


def test_the_messages_are_in_thai_for_a_thai_admin(client, tenant, make_member):
    client.login(make_member(tenant, "admin", lang="th"))
    html = client.post(settings_url(tenant), data={**GOOD, "sms_sender": "x" * 100_000}).get_data(as_text=True)
    assert "ข้อความนี้ยาวเกินไป ใส่ได้ไม่เกิน 40 ตัวอักษร" in html
    html = client.post(settings_url(tenant), data={**GOOD, "sms_token": "a\r\nb"}).get_data(as_text=True)
    assert "ข้อความนี้มีอักขระที่ใช้ไม่ได้" in html
    assert stored(tenant.id) == {}


def test_a_template_may_have_line_breaks(client, tenant, make_member):
    client.login(make_member(tenant, "admin"))
    template = 'to={to}\r\ntext={text}\tsender={sender}'
    response = client.post(settings_url(tenant), data={**GOOD, "sms_content_type": "application/x-www-form-urlencoded",
                                                       "sms_body_template": template})
    assert response.status_code == 302
    assert stored(tenant.id)["sms"]["body_template"] == template


def test_the_service_refuses_what_the_form_would(ctx, tenant):
    """Whatever calls the service (an import, a future API), the limits hold."""
    with pytest.raises(SettingTooLong) as too_long:
        update_messaging_settings(tenant, actor_id=None, line={"channel_token": "t" * 10_000}, sms={})
    assert too_long.value.field == "line_channel_token"
    with pytest.raises(SettingNotText):
        update_messaging_settings(tenant, actor_id=None, line={}, sms={"sender": "a\x00\x01b"})
    db.session.rollback()
    assert stored(tenant.id) == {}
