"""Storing, de-duplicating, attaching and reading documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.documents import services
from core.documents.models import Document
from core.documents.storage import LocalStorage, content_key
from core.errors import NotFound
from core.tenancy.context import tenant_context


@pytest.fixture
def storage(tmp_path, app):
    # the app's own store, in a directory of this test's
    previous = app.config["UPLOAD_DIR"]
    app.config["UPLOAD_DIR"] = str(tmp_path / "store")
    yield LocalStorage(tmp_path / "store")
    app.config["UPLOAD_DIR"] = previous


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_store_sniffs_hashes_and_writes_content_addressed(ctx, tenant, make_user, storage, png):
    import hashlib

    user = make_user()
    with tenant_context(tenant.id):
        doc = services.store(png, "scan.pdf", "receipt", actor_id=user.id)
        db.session.commit()
    sha = hashlib.sha256(png).hexdigest()
    assert doc.content_type == "image/png"  # a PNG renamed .pdf is a PNG
    assert doc.original_filename == "scan.pdf"
    assert (doc.sha256, doc.size, doc.uploaded_by_user_id) == (sha, len(png), user.id)
    assert doc.storage_key == f"{tenant.id}/{sha[:2]}/{sha}"
    assert _files(storage.root) == [storage.root / str(tenant.id) / sha[:2] / sha]
    with services.open_document(doc) as fh:
        assert fh.read() == png


def test_the_client_filename_never_reaches_the_disk(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id):
        doc = services.store(pdf, "../../etc/passwd", "other", actor_id=None)
        db.session.commit()
    assert doc.original_filename == "passwd"
    assert "passwd" not in doc.storage_key and ".." not in doc.storage_key
    for path in _files(storage.root):
        assert "passwd" not in str(path)
        assert path.resolve().is_relative_to(storage.root.resolve())
    assert not (storage.root.parent / "etc").exists()


def test_storage_refuses_keys_that_are_not_content_addresses(storage):
    for key in ("../x", "1/ab/../../../etc/passwd", "passwd", "1/ab/" + "a" * 63, "/abs/" + "a" * 64):
        with pytest.raises(ValueError):
            storage.put(key, b"x")
        with pytest.raises(ValueError):
            storage.open(key)


def test_storage_writes_atomically_and_leaves_no_temporary_files(storage):
    key = content_key(1, "ab" + "0" * 62)
    storage.put(key, b"first")
    storage.put(key, b"first")  # same key again: nothing to do
    with storage.open(key) as fh:
        assert fh.read() == b"first"
    assert [p.name for p in _files(storage.root)] == ["ab" + "0" * 62]


def test_same_bytes_twice_to_the_same_target_is_one_row_and_one_file(ctx, tenant, storage, jpeg):
    with tenant_context(tenant.id):
        first = services.store(jpeg, "a.jpg", "receipt", actor_id=None, target_type="welfare.claim", target_id=7)
        db.session.commit()
        again = services.store(jpeg, "b.jpg", "receipt", actor_id=None, target_type="welfare.claim", target_id=7)
        other = services.store(jpeg, "c.jpg", "receipt", actor_id=None, target_type="welfare.claim", target_id=8)
        db.session.commit()
        assert again.id == first.id
        assert other.id != first.id and other.storage_key == first.storage_key
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 2
    assert len(_files(storage.root)) == 1


def test_unattached_uploads_of_the_same_bytes_are_one_row(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id):
        first = services.store(pdf, "a.pdf", "other", actor_id=None)
        again = services.store(pdf, "a.pdf", "other", actor_id=None)
        db.session.commit()
        assert first.id == again.id


def test_the_database_refuses_a_second_row_for_the_same_file_and_target(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id):
        doc = services.store(pdf, "a.pdf", "other", actor_id=None, target_type="x", target_id=1)
        db.session.commit()
        clone = Document(kind="other", original_filename="b.pdf", content_type=doc.content_type, size=doc.size,
                         sha256=doc.sha256, storage_key=doc.storage_key, target_type="x", target_id=1)
        db.session.add(clone)
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_racing_duplicate_insert_returns_the_first_row(ctx, tenant, storage, pdf):
    """The UNIQUE constraint, not a prior look-up, keeps one row per file and
    target: an insert that loses the race returns the winner's row."""
    with tenant_context(tenant.id):
        doc = services.store(pdf, "a.pdf", "other", actor_id=None, target_type="x", target_id=1)
        db.session.commit()
        loser = Document(kind="other", original_filename="b.pdf", content_type=doc.content_type, size=doc.size,
                         sha256=doc.sha256, storage_key=doc.storage_key, target_type="x", target_id=1)
        assert services._insert(loser).id == doc.id
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 1


def test_identical_files_are_stored_once_per_tenant(ctx, make_tenant, storage, png):
    a, b = make_tenant(), make_tenant()
    for tenant in (a, b):
        with tenant_context(tenant.id):
            services.store(png, "p.png", "photo", actor_id=None)
            db.session.commit()
    assert {p.relative_to(storage.root).parts[0] for p in _files(storage.root)} == {str(a.id), str(b.id)}


def test_store_is_audited(ctx, tenant, make_user, storage, pdf):
    user = make_user()
    with tenant_context(tenant.id):
        doc = services.store(pdf, "minutes.pdf", "minutes", actor_id=user.id, target_type="welfare.meeting", target_id=3)
        db.session.commit()
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "documents.document.upload"))
    assert (event.actor_user_id, event.target_type, event.target_id) == (user.id, "document", doc.id)
    assert event.after["sha256"] == doc.sha256 and event.after["target_id"] == 3


def test_attach_in_place_then_to_a_second_target(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id):
        doc = services.store(pdf, "form.pdf", "registration_form", actor_id=None)
        attached = services.attach(doc, "producers.plot", 5)
        assert attached.id == doc.id and (doc.target_type, doc.target_id) == ("producers.plot", 5)
        assert services.attach(doc, "producers.plot", 5).id == doc.id
        second = services.attach(doc, "producers.plot", 6)
        assert second.id != doc.id and second.storage_key == doc.storage_key
        assert services.attach(doc, "producers.plot", 6).id == second.id
        db.session.commit()
        assert [d.id for d in services.documents_for("producers.plot", 5)] == [doc.id]
        assert [d.id for d in services.documents_for("producers.plot", 6)] == [second.id]
        actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["documents.document.upload", "documents.document.attach", "documents.document.attach"]


@pytest.mark.parametrize(
    ("target_type", "target_id"),
    [("x", None), (None, 3), ("", 1), ("Bad Type", 1), ("x", 0), ("x", -1), ("x", 2**63), ("x", True), ("x", "1")],
)
def test_invalid_targets_are_refused(ctx, tenant, storage, pdf, target_type, target_id):
    with tenant_context(tenant.id), pytest.raises(services.InvalidTarget):
        services.store(pdf, "a.pdf", "other", actor_id=None, target_type=target_type, target_id=target_id)


def test_unknown_kind_is_refused(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id), pytest.raises(services.InvalidKind):
        services.store(pdf, "a.pdf", "banana", actor_id=None)


def test_refused_uploads_write_nothing(ctx, tenant, storage):
    with tenant_context(tenant.id):
        for data in (b"", b"<html></html>", b"<svg/>"):
            with pytest.raises(services.ValidationError):
                services.store(data, "x.jpg", "photo", actor_id=None)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Document)) == 0
    assert not storage.root.exists() or _files(storage.root) == []


def test_the_size_limit_comes_from_config(ctx, app, tenant, storage, pdf):
    app.config["DOCUMENT_MAX_BYTES"] = len(pdf) - 1
    try:
        with tenant_context(tenant.id), pytest.raises(services.sniffing.FileTooLarge):
            services.store(pdf, "a.pdf", "other", actor_id=None)
    finally:
        app.config.pop("DOCUMENT_MAX_BYTES")


def test_missing_lists_targets_lacking_a_required_kind(ctx, tenant, storage, pdf, png, jpeg):
    with tenant_context(tenant.id):
        services.store(pdf, "r.pdf", "receipt", actor_id=None, target_type="welfare.disbursement", target_id=1)
        services.store(png, "p.png", "photo", actor_id=None, target_type="welfare.disbursement", target_id=1)
        services.store(jpeg, "r.jpg", "receipt", actor_id=None, target_type="welfare.disbursement", target_id=2)
        services.store(pdf, "r.pdf", "receipt", actor_id=None, target_type="welfare.claim", target_id=3)
        db.session.commit()
        result = services.missing("welfare.disbursement", [1, 2, 3], {"receipt", "photo"})
        assert result == {2: {"photo"}, 3: {"receipt", "photo"}}
        assert services.missing("welfare.disbursement", [1, 2], {"receipt"}) == {}
        assert services.missing("welfare.disbursement", [], {"receipt"}) == {}


def test_another_tenants_document_is_not_found(ctx, make_tenant, storage, pdf):
    a_id, b_id = make_tenant().id, make_tenant().id
    with tenant_context(b_id):
        doc = services.store(pdf, "b.pdf", "other", actor_id=None, target_type="x", target_id=1)
        db.session.commit()
        doc_id = doc.id
    db.session.expunge_all()
    with tenant_context(a_id):
        with pytest.raises(NotFound):
            services.get_document(doc_id)
        assert services.documents_for("x", 1) == []
        assert services.missing("x", [1], {"other"}) == {1: {"other"}}


def test_a_file_missing_from_storage_is_not_found(ctx, tenant, storage, pdf):
    with tenant_context(tenant.id):
        doc = services.store(pdf, "a.pdf", "other", actor_id=None)
        db.session.commit()
    os.remove(storage.path(doc.storage_key))
    with pytest.raises(NotFound):
        services.open_document(doc)
