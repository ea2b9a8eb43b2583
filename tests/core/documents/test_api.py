"""The documents JSON API: multipart upload checked by content, metadata,
the bytes with the page's safe headers, and another tenant's ids as 404."""

from __future__ import annotations

import io

import sqlalchemy as sa

from core.db import db
from core.documents.models import Document
from core.tenancy.context import tenant_context
from tests.factories.core import bearer as api_bearer

API = "/api/v1/t/docs/documents"


def bearer(user, tenant) -> dict:
    return api_bearer(user, tenant, "scanner")


def upload(client, data: bytes, filename: str = "slip.png", kind: str = "receipt", **extra):
    headers = extra.pop("headers", None)
    form = {"kind": kind, "file": (io.BytesIO(data), filename), **extra}
    return client.post(API, data=form, content_type="multipart/form-data", headers=headers,
                       csrf=headers is None)


def count(tenant) -> int:
    with tenant_context(tenant.id):
        return db.session.scalar(sa.select(sa.func.count(Document.id)))


def test_upload_list_get_and_download_with_a_session(client, tenant, make_member, png):
    client.login(make_member(tenant, "staff"))
    created = upload(client, png, target_type="payment", target_id="7")
    assert created.status_code == 201, created.json
    doc = created.json
    assert (doc["kind"], doc["content_type"], doc["size"]) == ("receipt", "image/png", len(png))
    assert (doc["target_type"], doc["target_id"]) == ("payment", 7) and "storage_key" not in doc
    assert doc["content_url"] == f"{API}/{doc['id']}/content"
    listing = client.get(f"{API}?target_type=payment&target_id=7").json["items"]
    assert [d["id"] for d in listing] == [doc["id"]]
    assert client.get(f"{API}?target_type=payment&target_id=8").json["items"] == []
    assert client.get(f"{API}/{doc['id']}").json["sha256"] == doc["sha256"]
    content = client.get(doc["content_url"])
    assert content.status_code == 200 and content.data == png
    assert content.headers["Content-Type"] == "image/png"
    assert content.headers["Cache-Control"] == "private, no-store"
    assert content.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in content.headers["Content-Security-Policy"]
    assert content.headers["Content-Disposition"].startswith("inline")
    again = upload(client, png, target_type="payment", target_id="7")
    assert again.status_code == 201 and again.json["id"] == doc["id"] and count(tenant) == 1


def test_a_bearer_token_uploads_and_reads_without_csrf(make_client, tenant, make_member, pdf):
    headers = bearer(make_member(tenant, "fund_manager"), tenant)
    client = make_client()
    created = upload(client, pdf, filename="minutes.pdf", kind="minutes", headers=headers)
    assert created.status_code == 201, created.json
    doc_id = created.json["id"]
    assert client.get(API, headers=headers).json["items"][0]["id"] == doc_id
    assert client.get(f"{API}/{doc_id}", headers=headers).json["content_type"] == "application/pdf"
    assert client.get(f"{API}/{doc_id}/content", headers=headers).data == pdf


def test_bad_files_and_fields_are_422_with_codes(client, tenant, make_member, png):
    client.login(make_member(tenant, "admin"))
    script = upload(client, b"<script>alert(1)</script>", filename="slip.png")
    assert script.status_code == 422
    assert script.json["error"]["code"] == "unsupported_file" and script.json["error"]["codes"] == {
        "file": "unsupported_file"}
    assert script.json["error"]["fields"]["file"][0].startswith("ไม่")  # Thai by default
    kind = upload(client, png, kind="selfie")
    assert kind.status_code == 422 and kind.json["error"]["codes"] == {"kind": "invalid_kind"}
    target = upload(client, png, target_type="payment")
    assert target.status_code == 422 and target.json["error"]["code"] == "invalid_target"
    no_file = client.post(API, data={"kind": "receipt"}, content_type="multipart/form-data")
    assert no_file.status_code == 422 and no_file.json["error"]["code"] == "invalid"
    assert client.get(f"{API}?target_type=payment").status_code == 422
    assert client.get(f"{API}?target_id=abc").status_code == 422
    assert count(tenant) == 0


def test_permissions(client, make_client, tenant, make_member, png):
    doc_id = upload(client.login(make_member(tenant, "admin")), png).json["id"]
    anonymous = make_client()
    for url in (API, f"{API}/{doc_id}", f"{API}/{doc_id}/content"):
        assert anonymous.get(url).status_code == 401
    assert upload(anonymous, png).status_code == 401
    client.login(make_member(tenant, "household"))
    for url in (API, f"{API}/{doc_id}", f"{API}/{doc_id}/content"):
        response = client.get(url)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert upload(client, png).status_code == 403
    client.login(make_member(tenant, "volunteer"))  # may upload, may not read
    assert client.get(f"{API}/{doc_id}").status_code == 403
    assert upload(client, png, filename="b.png", target_type="person", target_id="3").status_code == 201
    headers = bearer(make_member(tenant, "household"), tenant)
    assert anonymous.get(API, headers=headers).status_code == 403


def test_another_tenants_document_is_404(client, make_client, tenant, make_member, make_tenant, png):
    doc_id = upload(client.login(make_member(tenant, "admin")), png).json["id"]
    other = make_tenant(slug="other")
    headers = bearer(make_member(other, "admin"), other)
    client = make_client()
    for url in (f"/api/v1/t/other/documents/{doc_id}", f"/api/v1/t/other/documents/{doc_id}/content"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert client.get(f"{API}/{doc_id}", headers=headers).status_code == 403


def test_the_openapi_document_lists_the_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/t/{slug}/documents", "/api/v1/t/{slug}/documents/{document_id}",
                 "/api/v1/t/{slug}/documents/{document_id}/content"):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/v1/t/{slug}/documents"]["post"]["requestBody"]["content"]
