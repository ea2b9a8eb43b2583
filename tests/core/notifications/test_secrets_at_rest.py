"""Provider secrets are encrypted in the database, readable by the channels,
shown masked, and survive a key rotation; secrets stored in clear before
still work and are encrypted on the next save or by the rotation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from core.audit.models import AuditEvent
from core.db import db
from core.notifications.models import Notification
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

LINE_TOKEN = "line-secret-token-ABCD1234"
SMS_TOKEN = "sms-secret-token-WXYZ9876"
PHONE = "+66812345678"
KEY_1, KEY_2, KEY_3 = (Fernet.generate_key().decode() for _ in range(3))


@pytest.fixture
def keys(app, monkeypatch):
    """Set SECRETS_KEYS for the app under test."""
    def use(value: str) -> None:
        monkeypatch.setitem(app.config, "SECRETS_KEYS", value)

    use(KEY_1)
    return use


def settings_url(tenant) -> str:
    return f"/t/{tenant.slug}/notifications/settings"


def raw_settings(tenant_id: int) -> str:
    """The column as the database holds it, not through the model."""
    text = db.session.scalar(sa.text("SELECT CAST(settings AS TEXT) FROM tenant WHERE id = :id"), {"id": tenant_id})
    db.session.rollback()
    return text


def save(client, tenant, **data):
    data.setdefault("sms_content_type", "application/json")
    return client.post(settings_url(tenant), data=data)


def send(tenant, key: str) -> None:
    with tenant_context(tenant.id):
        queue_notification(template="test.hello", params={"name": "S"}, idempotency_key=key, address=PHONE,
                           channel="sms")
        db.session.commit()


def rotate(app):
    return app.test_cli_runner().invoke(args=["secrets", "rotate"])


def test_the_database_never_holds_a_secret_in_clear(client, tenant, make_member, keys):
    client.login(make_member(tenant, "admin"))
    assert save(client, tenant, line_channel_token=LINE_TOKEN, sms_token=SMS_TOKEN,
                sms_url="https://sms.example.org/send").status_code == 302
    raw = raw_settings(tenant.id)
    assert LINE_TOKEN not in raw and SMS_TOKEN not in raw
    assert "ABCD1234" not in raw and "WXYZ9876" not in raw
    assert raw.count("fernet:") == 2
    assert "https://sms.example.org/send" in raw  # not a secret
    with tenant_context(tenant.id):
        audit = db.session.scalars(sa.select(AuditEvent)).all()
        assert all(LINE_TOKEN not in str(e.after) and SMS_TOKEN not in str(e.after) for e in audit)
        db.session.rollback()


def test_the_channel_sends_the_decrypted_token(client, tenant, make_member, provider, keys):
    client.login(make_member(tenant, "admin"))
    assert save(client, tenant, sms_token=SMS_TOKEN, sms_url=provider.url + "/send").status_code == 302
    send(tenant, "enc-1")
    [request] = provider.requests
    assert request.headers["authorization"] == f"Bearer {SMS_TOKEN}"


def test_a_secret_stored_in_clear_before_still_works_and_is_sealed_on_the_next_save(
    client, tenant, make_member, provider, keys, reload
):
    tenant.settings = {"sms": {"url": provider.url + "/send", "token": SMS_TOKEN}}
    db.session.commit()
    send(tenant, "plain-1")
    assert provider.requests[0].headers["authorization"] == f"Bearer {SMS_TOKEN}"
    client.login(make_member(tenant, "admin"))
    html = client.get(settings_url(tenant)).get_data(as_text=True)
    assert "••••9876" in html and SMS_TOKEN not in html
    # a save that leaves the token blank keeps it, and now encrypted
    assert save(client, tenant, sms_url=provider.url + "/send", sms_sender="Pansuk").status_code == 302
    raw = raw_settings(tenant.id)
    assert SMS_TOKEN not in raw and "fernet:" in raw
    send(tenant, "plain-2")
    assert provider.requests[1].headers["authorization"] == f"Bearer {SMS_TOKEN}"
    with tenant_context(tenant.id):
        [event] = db.session.scalars(sa.select(AuditEvent)).all()
        assert event.after == {"sms": {"content_type": "application/json", "sender": "Pansuk"}}  # not the token
        db.session.rollback()


def test_saving_unchanged_settings_writes_nothing_new(client, tenant, make_member, keys):
    client.login(make_member(tenant, "admin"))
    save(client, tenant, line_channel_token=LINE_TOKEN)
    before = raw_settings(tenant.id)
    save(client, tenant)
    assert raw_settings(tenant.id) == before


def test_rotation_keeps_every_secret_readable_and_moves_it_to_the_new_key(
    app, client, tenant, make_tenant, make_member, provider, keys
):
    other = make_tenant()
    other.settings = {"line": {"channel_token": "other-plain-token-5555"}}  # stored in clear before
    db.session.commit()
    client.login(make_member(tenant, "admin"))
    save(client, tenant, line_channel_token=LINE_TOKEN, sms_token=SMS_TOKEN, sms_url=provider.url + "/send")
    sealed_with_key_1 = raw_settings(tenant.id)

    keys(f"{KEY_2},{KEY_1}")  # a new key first, the old one still there
    assert "••••1234" in client.get(settings_url(tenant)).get_data(as_text=True)
    result = rotate(app)
    assert result.exit_code == 0, result.output
    assert "re-encrypted 3 secrets in 2 organisations" in result.output
    assert raw_settings(tenant.id) != sealed_with_key_1
    assert "other-plain-token-5555" not in raw_settings(other.id)

    keys(KEY_2)  # the old key dropped
    html = client.get(settings_url(tenant)).get_data(as_text=True)
    assert "••••1234" in html and "••••9876" in html
    send(tenant, "after-rotation")
    assert provider.requests[-1].headers["authorization"] == f"Bearer {SMS_TOKEN}"
    from core.notifications.settings import channel_settings

    assert channel_settings(db.session.get(Tenant, other.id, populate_existing=True), "line") == {
        "channel_token": "other-plain-token-5555"}
    db.session.rollback()


def test_rotation_without_the_old_key_changes_nothing_and_says_so(app, client, tenant, make_member, keys):
    client.login(make_member(tenant, "admin"))
    save(client, tenant, line_channel_token=LINE_TOKEN)
    before = raw_settings(tenant.id)
    keys(KEY_3)  # the key that sealed it is gone
    result = rotate(app)
    assert result.exit_code == 1
    assert "line.channel_token cannot be decrypted" in result.output and LINE_TOKEN not in result.output
    assert raw_settings(tenant.id) == before


def test_a_secret_no_key_opens_is_not_sent_and_not_shown(client, tenant, make_member, provider, keys, reload):
    client.login(make_member(tenant, "admin", lang="en"))
    save(client, tenant, sms_token=SMS_TOKEN, sms_url=provider.url + "/send")
    keys(KEY_3)
    html = client.get(settings_url(tenant)).get_data(as_text=True)
    assert "fernet:" not in html and SMS_TOKEN not in html
    send(tenant, "lost-key")
    assert "authorization" not in provider.requests[0].headers  # never a sealed blob as a token
    assert reload(Notification, tenant.id)[0].status == "sent"
