"""The notifications JSON API: the outbox, paginated and masked, and one
notification with its delivery log."""

from __future__ import annotations

from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.tenancy.context import tenant_context
from tests.factories.core import bearer as api_bearer


def bearer(user, tenant) -> dict:
    return api_bearer(user, tenant, "dashboard")


def add(tenant, n: int = 1, address: str = "somchai@example.org", **kw) -> list[int]:
    with tenant_context(tenant.id):
        rows = [Notification(template="test.hello", params={"name": "สมชาย"}, channel=kw.get("channel", "email"),
                             idempotency_key=f"api-{address}-{i}", status=kw.get("status", "pending"),
                             address=address, last_error=kw.get("last_error")) for i in range(n)]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def test_list_and_detail_masked_with_a_session(client, make_tenant, make_member):
    tenant = make_tenant(slug="noti")
    [nid] = add(tenant, address="+66812345678", channel="sms", status="failed",
                last_error="gateway refused +66812345678")
    with tenant_context(tenant.id):
        db.session.add(NotificationDelivery(notification_id=nid, status="retry", error="timeout 0812345678"))
        db.session.add(NotificationDelivery(notification_id=nid, status="failed", response="bad number 66812345678"))
        db.session.commit()
    client.login(make_member(tenant, "staff"))
    listing = client.get("/api/v1/t/noti/notifications")
    assert listing.status_code == 200, listing.json
    item = listing.json["items"][0]
    assert (item["id"], item["channel"], item["status"], item["address_masked"]) == (nid, "sms", "failed", "•••5678")
    detail = client.get(f"/api/v1/t/noti/notifications/{nid}")
    assert detail.status_code == 200, detail.json
    assert [d["status"] for d in detail.json["deliveries"]] == ["retry", "failed"]
    assert detail.json["address_masked"] == "•••5678" and "5678" in detail.json["last_error"]
    text = listing.get_data(as_text=True) + detail.get_data(as_text=True)
    assert "812345678" not in text and "สมชาย" not in text and "params" not in detail.json


def test_pages_newest_first_with_a_bearer_token(make_client, make_tenant, make_member):
    tenant = make_tenant(slug="noti")
    ids = add(tenant, 3)
    headers = bearer(make_member(tenant, "admin"), tenant)
    client = make_client()
    first = client.get("/api/v1/t/noti/notifications?limit=2", headers=headers).json
    assert (first["total"], first["page"], first["more"], len(first["items"])) == (3, 1, True, 2)
    assert first["items"][0]["address_masked"] == "so***@example.org"
    second = client.get("/api/v1/t/noti/notifications?limit=2&page=2", headers=headers).json
    assert second["more"] is False and len(second["items"]) == 1
    assert {i["id"] for i in first["items"] + second["items"]} == set(ids)
    assert client.get(f"/api/v1/t/noti/notifications/{ids[0]}", headers=headers).json["deliveries"] == []
    bad = client.get("/api/v1/t/noti/notifications?limit=1000", headers=headers)
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid"


def test_permissions_and_other_tenants(client, make_client, make_tenant, make_member):
    tenant, other = make_tenant(slug="noti"), make_tenant(slug="else")
    [nid] = add(tenant)
    anonymous = make_client()
    assert anonymous.get("/api/v1/t/noti/notifications").status_code == 401
    assert anonymous.get(f"/api/v1/t/noti/notifications/{nid}").status_code == 401
    client.login(make_member(tenant, "volunteer"))
    for url in ("/api/v1/t/noti/notifications", f"/api/v1/t/noti/notifications/{nid}"):
        response = client.get(url)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert anonymous.get("/api/v1/t/noti/notifications",
                         headers=bearer(make_member(tenant, "household"), tenant)).status_code == 403
    client.login(make_member(other, "admin"))
    response = client.get(f"/api/v1/t/else/notifications/{nid}")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/t/else/notifications").json["items"] == []
    headers = bearer(make_member(other, "admin"), other)
    assert anonymous.get(f"/api/v1/t/else/notifications/{nid}", headers=headers).status_code == 404
    assert anonymous.get("/api/v1/t/noti/notifications", headers=headers).status_code == 403


def test_the_openapi_document_lists_the_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/t/{slug}/notifications" in paths
    assert "/api/v1/t/{slug}/notifications/{notification_id}" in paths
