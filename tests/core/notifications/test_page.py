"""The outbox page: staff see their tenant's notifications, masked, newest first."""

from __future__ import annotations

from core.db import db
from core.notifications.masking import mask_address
from core.notifications.models import Notification
from core.tenancy.context import tenant_context


def add_rows(tenant_id: int, count: int, **kw) -> None:
    kw.setdefault("address", "somchai@example.org")
    with tenant_context(tenant_id):
        for i in range(count):
            db.session.add(
                Notification(
                    template="test.hello", params={"name": "S"}, channel="email",
                    idempotency_key=f"row-{i}", status=kw.get("status", "pending"),
                    last_error=kw.get("last_error"), address=kw["address"],
                )
            )
        db.session.commit()


def test_masking():
    assert mask_address("somchai@example.org") == "so***@example.org"
    assert mask_address("+66812345678") == "•••5678"
    assert mask_address(None) == ""


def test_staff_see_masked_rows_with_status(client, tenant, make_member):
    staff = make_member(tenant, "staff")
    add_rows(tenant.id, 1, status="failed", last_error="SMTP 550")
    html = client.login(staff).get(f"/t/{tenant.slug}/notifications/").get_data(as_text=True)
    assert "so***@example.org" in html
    assert "somchai@example.org" not in html
    assert 'class="badge bad"' in html and "SMTP 550" in html


def test_other_tenants_rows_are_not_listed(client, make_tenant, make_member):
    mine, theirs = make_tenant(), make_tenant()
    staff = make_member(mine, "staff")
    add_rows(theirs.id, 1, address="secret@example.org")
    html = client.login(staff).get(f"/t/{mine.slug}/notifications/").get_data(as_text=True)
    assert "se***@example.org" not in html


def test_without_the_permission_is_forbidden(client, tenant, make_member):
    household = make_member(tenant, "household")
    assert client.login(household).get(f"/t/{tenant.slug}/notifications/").status_code == 403


def test_pages_newest_first(client, tenant, make_member):
    staff = make_member(tenant, "staff")
    add_rows(tenant.id, 51)
    client.login(staff)
    first = client.get(f"/t/{tenant.slug}/notifications/").get_data(as_text=True)
    second = client.get(f"/t/{tenant.slug}/notifications/?page=2").get_data(as_text=True)
    assert first.count("<tr data-id=") == 50 and 'rel="next"' in first
    assert second.count("<tr data-id=") == 1 and 'rel="prev"' in second
    assert 'data-id="51"' in first and 'data-id="1"' in second


def test_page_is_in_thai_by_default(client, tenant, make_member):
    staff = make_member(tenant, "staff", lang="th")
    add_rows(tenant.id, 1, status="sent")
    html = client.login(staff).get(f"/t/{tenant.slug}/notifications/").get_data(as_text=True)
    assert "การแจ้งเตือน" in html and "ส่งแล้ว" in html
