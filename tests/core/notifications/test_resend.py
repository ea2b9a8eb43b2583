"""Staff send a failed notification again from its page: once per click,
only a failed one, only in their own organisation, never to someone who
opted out."""

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.preferences import OPTED_OUT
from core.tenancy.context import tenant_context
from tests.race import browsers, together


def failed_row(tenant_id: int, **kw) -> int:
    with tenant_context(tenant_id):
        row = Notification(template="test.hello", params={"name": "สมชาย"}, channel="email",
                           idempotency_key=kw.pop("key", "n1"), status="failed", attempts=9,
                           last_error=kw.pop("last_error", "SMTP 550: mailbox unavailable"),
                           address="somchai@example.org", **kw)
        db.session.add(row)
        db.session.commit()
        return row.id


def test_staff_resend_a_failed_notification_and_it_goes_out(
        client, tenant, make_member, memory_outbox, reload, owner_rows):
    staff = make_member(tenant, "staff")
    notification_id = failed_row(tenant.id)
    client.login(staff)
    page = client.get(f"/t/{tenant.slug}/notifications/{notification_id}").get_data(as_text=True)
    assert 'data-test="resend"' in page
    response = client.post(f"/t/{tenant.slug}/notifications/{notification_id}/resend")
    assert response.status_code == 302
    (row,) = reload(Notification, tenant.id)
    assert row.status == "sent" and row.attempts == 1  # counted afresh
    assert [m.address for m in memory_outbox.sent] == ["somchai@example.org"]
    assert [d.status for d in reload(NotificationDelivery, tenant.id)] == ["resend", "sent"]
    (event,) = owner_rows(sa.select(AuditEvent).where(AuditEvent.action == "notifications.resend"))
    assert event.actor_user_id == staff.id and event.tenant_id == tenant.id


def test_a_sent_notification_is_not_sent_again(client, tenant, make_member, memory_outbox, reload):
    client.login(make_member(tenant, "staff"))
    notification_id = failed_row(tenant.id)
    client.post(f"/t/{tenant.slug}/notifications/{notification_id}/resend")
    again = client.post(f"/t/{tenant.slug}/notifications/{notification_id}/resend", follow_redirects=True)
    assert "ส่งซ้ำได้เฉพาะการแจ้งเตือนที่ส่งไม่สำเร็จ" in again.get_data(as_text=True)
    assert len(memory_outbox.sent) == 1


def test_two_clicks_at_once_resend_once(postgres_only, make_client, tenant, make_member, memory_outbox, reload):
    staff = make_member(tenant, "staff")
    notification_id = failed_row(tenant.id)
    url = f"/t/{tenant.slug}/notifications/{notification_id}/resend"
    together([lambda c=c: c.post(url) for c in browsers(make_client, users=[staff, staff])])
    assert len(memory_outbox.sent) == 1
    assert [d.status for d in reload(NotificationDelivery, tenant.id)].count("resend") == 1


def test_an_opted_out_notification_is_not_resent(client, tenant, make_member, memory_outbox, reload):
    client.login(make_member(tenant, "staff"))
    notification_id = failed_row(tenant.id, last_error=OPTED_OUT)
    client.post(f"/t/{tenant.slug}/notifications/{notification_id}/resend")
    (row,) = reload(Notification, tenant.id)
    assert row.status == "failed" and memory_outbox.sent == []


def test_another_organisations_notification_cannot_be_resent(client, make_tenant, make_member, memory_outbox, reload):
    mine, theirs = make_tenant(), make_tenant()
    client.login(make_member(mine, "admin"))
    notification_id = failed_row(theirs.id)
    assert client.post(f"/t/{mine.slug}/notifications/{notification_id}/resend").status_code == 404
    assert client.post(f"/t/{theirs.slug}/notifications/{notification_id}/resend").status_code == 403
    (row,) = reload(Notification, theirs.id)
    assert row.status == "failed" and memory_outbox.sent == []


def test_a_household_cannot_resend(client, tenant, make_member, memory_outbox, reload):
    client.login(make_member(tenant, "household"))
    notification_id = failed_row(tenant.id)
    assert client.post(f"/t/{tenant.slug}/notifications/{notification_id}/resend").status_code == 403
    assert memory_outbox.sent == []
