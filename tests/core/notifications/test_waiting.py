"""A message queued before its organisation set up the channel waits, and
goes out as soon as the organisation saves the setting."""

from __future__ import annotations

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.tenancy.context import tenant_context

LINE_USER = "U" + "0123456789abcdef" * 2


def test_a_line_message_waits_for_the_token_and_goes_out_when_it_is_saved(
        app, client, tenant, make_member, provider, reload, monkeypatch):
    monkeypatch.setitem(app.config, "LINE_API_BASE", provider.url)
    with tenant_context(tenant.id):
        queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key="w1",
                           address=LINE_USER, channel="line")
        db.session.commit()
    (row,) = reload(Notification, tenant.id)
    assert row.status == "pending" and "token" in row.last_error and provider.requests == []
    client.login(make_member(tenant, "admin"))
    saved = client.post(f"/t/{tenant.slug}/notifications/settings", data={
        "line_channel_token": "line-token-abcd", "sms_content_type": "application/json"})
    assert saved.status_code == 302
    (request,) = provider.requests
    assert request.json["to"] == LINE_USER
    (row,) = reload(Notification, tenant.id)
    assert row.status == "sent" and row.attempts == 1
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["waiting", "sent"]
    page = client.get(f"/t/{tenant.slug}/notifications/{row.id}").get_data(as_text=True)
    assert 'data-test="waiting"' not in page


def test_the_waiting_page_says_why(client, tenant, make_member):
    with tenant_context(tenant.id):
        row = queue_notification(template="test.hello", params={"name": "สมชาย"}, idempotency_key="w2",
                                 address=LINE_USER, channel="line")
        db.session.commit()
        row_id = row.id
    client.login(make_member(tenant, "staff"))
    page = client.get(f"/t/{tenant.slug}/notifications/{row_id}").get_data(as_text=True)
    assert 'data-test="waiting"' in page and "รอผู้ให้บริการ" in page
