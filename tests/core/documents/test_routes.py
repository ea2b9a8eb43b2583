"""The document pages: who may upload and download, what the download sends,
and that another tenant's document does not exist."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.documents import services
from core.documents.models import Document
from core.tenancy.context import tenant_context
from tests.core.documents.conftest import image_bytes


def _store(tenant, data, filename="x", kind="other", **kw):
    with tenant_context(tenant.id):
        doc = services.store(data, filename, kind, actor_id=None, **kw)
        db.session.commit()
        return doc.id


def _upload(client, data: bytes, filename: str, kind: str = "receipt", query: str = ""):
    return client.post(
        f"/t/docs/documents/new{query}",
        data={"kind": kind, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_staff_upload_a_receipt_for_a_record(client, tenant, make_member, png):
    user = make_member(tenant, "staff")
    client.login(user)
    assert client.get("/t/docs/documents/new?target_type=welfare.claim&target_id=9").status_code == 200
    response = _upload(client, png, "receipt.pdf", query="?target_type=welfare.claim&target_id=9")
    assert response.status_code == 302
    assert "target_type=welfare.claim" in response.headers["Location"]
    with tenant_context(tenant.id):
        (doc,) = services.documents_for("welfare.claim", 9)
        assert (doc.content_type, doc.uploaded_by_user_id, doc.kind) == ("image/png", user.id, "receipt")
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "documents.document.upload"))
        assert event.actor_user_id == user.id and event.target_id == doc.id
    listing = client.get("/t/docs/documents/?target_type=welfare.claim&target_id=9").get_data(as_text=True)
    assert "receipt.pdf" in listing


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"<html><script>alert(document.cookie)</script></html>", "photo.jpg", "photo"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.svg", "other"),
        (b"", "empty.pdf", "receipt"),
        (b"%PDF-1.4\n", "form.pdf", "photo"),
        (b"PK\x03\x04zip", "forms.zip", "other"),
    ],
)
def test_refused_uploads_show_a_clear_error_and_store_nothing(client, tenant, make_member, data, filename, kind):
    client.login(make_member(tenant, "volunteer"))
    response = _upload(client, data, filename, kind)
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


def test_an_oversized_upload_is_refused(app, client, tenant, make_member, pdf):
    client.login(make_member(tenant, "staff"))
    app.config["DOCUMENT_MAX_BYTES"] = 1024
    try:
        response = _upload(client, pdf + b"0" * 2000, "big.pdf")
    finally:
        app.config.pop("DOCUMENT_MAX_BYTES")
    assert response.status_code == 422
    assert "1024" not in response.get_data(as_text=True)  # the limit is shown in MB


def test_an_upload_without_a_file_or_kind_is_refused(client, tenant, make_member, pdf):
    client.login(make_member(tenant, "staff"))
    assert client.post("/t/docs/documents/new", data={"kind": "receipt"}).status_code == 422
    assert _upload(client, pdf, "a.pdf", kind="banana").status_code == 422


def test_a_malformed_target_is_refused(client, tenant, make_member):
    client.login(make_member(tenant, "staff"))
    for query in ("?target_type=x", "?target_id=3", "?target_type=x&target_id=-1", "?target_type=<b>&target_id=1",
                  "?target_type=x&target_id=99999999999999999999999"):
        assert client.get(f"/t/docs/documents/new{query}").status_code == 422, query
        assert client.get(f"/t/docs/documents/{query}").status_code == 422, query


def test_upload_needs_a_csrf_token(client, tenant, make_member, pdf):
    client.login(make_member(tenant, "staff"))
    response = client.post("/t/docs/documents/new", csrf=False, content_type="multipart/form-data",
                           data={"kind": "other", "file": (io.BytesIO(pdf), "a.pdf")})
    assert response.status_code in (400, 422)
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0


@pytest.mark.parametrize("role", ["household", "producer", "inspector", "signatory", "committee", "auditor"])
def test_roles_without_upload_permission_cannot_upload(client, tenant, make_member, pdf, role):
    client.login(make_member(tenant, role))
    assert client.get("/t/docs/documents/new").status_code == 403
    assert _upload(client, pdf, "a.pdf").status_code == 403


@pytest.mark.parametrize("role", ["household", "producer", "inspector", "signatory", "volunteer"])
def test_roles_without_view_permission_cannot_list_or_download(client, tenant, make_member, pdf, role):
    doc_id = _store(tenant, pdf, "id-card.pdf")
    client.login(make_member(tenant, role))
    assert client.get("/t/docs/documents/").status_code == 403
    response = client.get(f"/t/docs/documents/{doc_id}")
    assert response.status_code == 403
    assert pdf not in response.data


@pytest.mark.parametrize("role", ["admin", "staff", "fund_manager", "committee", "auditor"])
def test_roles_with_view_permission_download(client, tenant, make_member, pdf, role):
    doc_id = _store(tenant, pdf, "minutes.pdf")
    client.login(make_member(tenant, role))
    response = client.get(f"/t/docs/documents/{doc_id}")
    assert response.status_code == 200 and response.data == pdf


def test_a_volunteer_who_uploads_returns_to_the_form(client, tenant, make_member, jpeg):
    client.login(make_member(tenant, "volunteer"))
    response = _upload(client, jpeg, "photo.jpg", "photo")
    assert response.status_code == 302 and "/documents/new" in response.headers["Location"]


def test_anonymous_visitors_are_sent_to_log_in(client, tenant, pdf):
    doc_id = _store(tenant, pdf)
    for url in (f"/t/docs/documents/{doc_id}", "/t/docs/documents/", "/t/docs/documents/new"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
        assert pdf not in response.data


def test_another_tenants_document_is_404_even_for_an_admin_there(client, make_tenant, make_member, pdf):
    a, b = make_tenant(slug="docs"), make_tenant(slug="other")
    foreign = _store(b, pdf, "theirs.pdf")
    client.login(make_member(a, "admin"))
    response = client.get(f"/t/docs/documents/{foreign}")
    assert response.status_code == 404 and pdf not in response.data
    assert "theirs.pdf" not in client.get("/t/docs/documents/").get_data(as_text=True)
    # and a member of A cannot reach B's URLs at all
    assert client.get(f"/t/other/documents/{foreign}").status_code == 403


def test_a_pdf_is_downloaded_as_an_attachment_with_safe_headers(client, tenant, make_member, pdf):
    doc_id = _store(tenant, pdf, "บันทึกการประชุม.pdf", "minutes")
    client.login(make_member(tenant, "staff"))
    response = client.get(f"/t/docs/documents/{doc_id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    with tenant_context(tenant.id):
        sha = services.get_document(doc_id).sha256
    assert response.headers["ETag"] == f'"{sha}"'
    assert client.get(f"/t/docs/documents/{doc_id}", headers={"If-None-Match": f'"{sha}"'}).status_code == 304


def test_an_image_is_shown_inline_with_its_sniffed_type(client, tenant, make_member, png):
    doc_id = _store(tenant, png, "scan.pdf", "receipt")  # a PNG named .pdf
    client.login(make_member(tenant, "staff"))
    response = client.get(f"/t/docs/documents/{doc_id}")
    assert response.mimetype == "image/png"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline;") and "scan.png" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("fmt", ["JPEG", "GIF", "WEBP"])
def test_other_images_are_inline_too(client, tenant, make_member, fmt):
    doc_id = _store(tenant, image_bytes(fmt), "p", "photo")
    client.login(make_member(tenant, "staff"))
    assert client.get(f"/t/docs/documents/{doc_id}").headers["Content-Disposition"].startswith("inline;")


def test_the_list_page_shows_the_tenants_documents(client, tenant, make_member, pdf, png):
    _store(tenant, pdf, "a-minutes.pdf", "minutes", target_type="welfare.meeting", target_id=2)
    _store(tenant, png, "b-photo.png", "photo")
    client.login(make_member(tenant, "auditor"))
    html = client.get("/t/docs/documents/").get_data(as_text=True)
    assert "a-minutes.pdf" in html and "b-photo.png" in html
    assert "/documents/new" not in html  # auditors do not upload
    filtered = client.get("/t/docs/documents/?target_type=welfare.meeting&target_id=2").get_data(as_text=True)
    assert "a-minutes.pdf" in filtered and "b-photo.png" not in filtered


def test_the_same_bytes_on_two_records_are_flagged_in_the_list(client, tenant, make_member, png):
    """A loan's ID card copy that is also a claim's: the list says so for each."""
    client.login(make_member(tenant, "staff"))
    _upload(client, png, "id-card.png", kind="id_card", query="?target_type=welfare.loan&target_id=3")
    _upload(client, png, "other-name.png", kind="id_card", query="?target_type=welfare.benefit_claim&target_id=4")
    html = client.get("/t/docs/documents/").get_data(as_text=True)
    assert html.count('data-test="reused-doc"') == 2
    html = client.get("/t/docs/documents/?target_type=welfare.loan&target_id=3").get_data(as_text=True)
    assert 'data-test="reused-doc"' in html and "welfare.benefit_claim #4" in html
