"""Storing, attaching and reading documents — the API other domains use.

    doc = store(data, "receipt.jpg", "receipt", actor_id=user.id,
                target_type="welfare.disbursement", target_id=42)
    documents_for("welfare.disbursement", 42)
    missing("welfare.disbursement", [41, 42, 43], {"receipt"})  # -> {41: {"receipt"}, 43: {"receipt"}}

All of it works in the tenant in context, flushes and never commits. Bytes are
written to storage *before* the row is flushed: a rolled-back upload leaves at
most an unreferenced, content-addressed file (reused if uploaded again), never
a row without its file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app

from core.audit.services import record, snapshot
from core.db import db
from core.documents import sniffing
from core.documents.models import KINDS, Document
from core.documents.storage import Storage, content_key, default_storage
from core.errors import N_, NotFound, ValidationError
from core.tenancy.context import require_tenant_id

TARGET_TYPE = re.compile(r"^[a-z][a-z0-9_.]{0,59}$")
MAX_TARGET_ID = 2**63 - 1


class InvalidKind(ValidationError):
    code = "invalid_kind"
    message = N_("Choose what kind of document this is.")


class InvalidTarget(ValidationError):
    code = "invalid_target"
    message = N_("The document must be attached to a valid record.")


def max_bytes() -> int:
    return int(current_app.config.get("DOCUMENT_MAX_BYTES") or sniffing.DEFAULT_MAX_BYTES)


def check_target(target_type: str | None, target_id: int | None) -> None:
    if target_type is None and target_id is None:
        return
    if (
        not isinstance(target_type, str)
        or not TARGET_TYPE.match(target_type)
        or not isinstance(target_id, int)
        or isinstance(target_id, bool)
        or not 0 < target_id <= MAX_TARGET_ID
    ):
        raise InvalidTarget()


def store(
    file_bytes: bytes,
    filename: str | None,
    kind: str,
    *,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: int | None = None,
    storage: Storage | None = None,
) -> Document:
    """Check, store and record an upload; attach it to ``(target_type,
    target_id)`` when given. The same bytes already attached to the same
    target return that document instead of a second row."""
    if kind not in KINDS:
        raise InvalidKind(field="kind")
    check_target(target_type, target_id)
    content_type = sniffing.check(file_bytes, kind, max_bytes())
    sha = hashlib.sha256(file_bytes).hexdigest()
    existing = _find(sha, target_type, target_id)
    if existing is not None:
        return existing
    key = content_key(require_tenant_id(), sha)
    (storage or default_storage()).put(key, file_bytes)
    document = Document(
        kind=kind,
        original_filename=sniffing.clean_filename(filename),
        content_type=content_type,
        size=len(file_bytes),
        sha256=sha,
        storage_key=key,
        uploaded_by_user_id=actor_id,
        target_type=target_type,
        target_id=target_id,
    )
    document = _insert(document)
    record("documents.document.upload", actor_id=actor_id, target_type="document",
           target_id=document.id, after=snapshot(document))
    return document


def attach(document: Document, target_type: str, target_id: int, *, actor_id: int | None = None) -> Document:
    """Attach a stored document to a record. An unattached document is
    attached in place; one already attached elsewhere gets a second row for
    the new target (same file, stored once). Attaching twice is harmless."""
    check_target(target_type, target_id)
    if target_type is None:
        raise InvalidTarget()
    if (document.target_type, document.target_id) == (target_type, target_id):
        return document
    existing = _find(document.sha256, target_type, target_id)
    if existing is not None:
        return existing
    if document.target_type is None:
        document.target_type, document.target_id = target_type, target_id
        db.session.flush()
        attached = document
    else:
        attached = _insert(Document(
            kind=document.kind,
            original_filename=document.original_filename,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            storage_key=document.storage_key,
            uploaded_by_user_id=document.uploaded_by_user_id,
            target_type=target_type,
            target_id=target_id,
        ))
    record("documents.document.attach", actor_id=actor_id, target_type="document", target_id=attached.id,
           after={"target_type": target_type, "target_id": target_id})
    return attached


def get_document(document_id: int) -> Document:
    """A document of the tenant in context; :class:`NotFound` otherwise."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound()
    return document


def documents_for(target_type: str, target_id: int) -> list[Document]:
    """The documents attached to one record, oldest first."""
    return list(db.session.scalars(
        sa.select(Document)
        .where(Document.target_type == target_type, Document.target_id == target_id)
        .order_by(Document.created_at, Document.id)
    ))


def documents_query(*, target_type: str | None = None, target_id: int | None = None) -> sa.Select:
    """Documents, newest first, optionally those of one record."""
    query = sa.select(Document).order_by(Document.created_at.desc(), Document.id.desc())
    if target_type is not None:
        query = query.where(Document.target_type == target_type)
    if target_id is not None:
        query = query.where(Document.target_id == target_id)
    return query


def recent(limit: int = 100, *, target_type: str | None = None, target_id: int | None = None) -> list[Document]:
    return list(db.session.scalars(documents_query(target_type=target_type, target_id=target_id).limit(limit)))


def also_attached(documents: Iterable[Document]) -> dict[int, list[Document]]:
    """For each of ``documents``: the other documents of the tenant with the
    same bytes (SHA-256) attached to another record, so a page can flag a
    receipt or certificate that backs more than one thing."""
    docs = [d for d in documents if d.target_type is not None]
    if not docs:
        return {}
    others = list(db.session.scalars(
        sa.select(Document)
        .where(Document.sha256.in_({d.sha256 for d in docs}), Document.target_type.is_not(None))
        .order_by(Document.id)
    ))
    out: dict[int, list[Document]] = {}
    for doc in docs:
        found = [o for o in others if o.sha256 == doc.sha256 and o.id != doc.id
                 and (o.target_type, o.target_id) != (doc.target_type, doc.target_id)]
        if found:
            out[doc.id] = found
    return out


def missing(target_type: str, ids: Iterable[int], kinds: Iterable[str]) -> dict[int, set[str]]:
    """For each target in ``ids`` that lacks one of ``kinds``: the kinds it
    lacks. Targets with everything are left out, so ``len(...)`` is "documents
    missing for N records"."""
    ids, kinds = list(dict.fromkeys(ids)), set(kinds)
    if not ids or not kinds:
        return {}
    present: dict[int, set[str]] = {}
    rows = db.session.execute(
        sa.select(Document.target_id, Document.kind)
        .where(Document.target_type == target_type, Document.target_id.in_(ids), Document.kind.in_(kinds))
        .distinct()
    )
    for target_id, kind in rows:
        present.setdefault(target_id, set()).add(kind)
    out = {}
    for target_id in ids:
        lacking = kinds - present.get(target_id, set())
        if lacking:
            out[target_id] = lacking
    return out


def open_document(document: Document, storage: Storage | None = None) -> BinaryIO:
    """The document's bytes, as a binary file object to read and close."""
    try:
        return (storage or default_storage()).open(document.storage_key)
    except FileNotFoundError as exc:
        raise NotFound() from exc


def _find(sha: str, target_type: str | None, target_id: int | None) -> Document | None:
    return db.session.scalar(
        sa.select(Document)
        .where(Document.sha256 == sha, _is(Document.target_type, target_type), _is(Document.target_id, target_id))
        .order_by(Document.id)
        .limit(1)
    )


def _is(column, value):
    return column.is_(None) if value is None else column == value


def _insert(document: Document) -> Document:
    """Insert, or return the row a concurrent upload of the same file to the
    same target inserted first."""
    try:
        with db.session.begin_nested():
            db.session.add(document)
            db.session.flush()
    except sa.exc.IntegrityError:
        existing = _find(document.sha256, document.target_type, document.target_id)
        if existing is None:
            raise
        return existing
    return document
