"""API schemas of documents: metadata out (never the storage key), an
upload in as multipart form data; the checks are the service's."""

from __future__ import annotations

from flask import g, url_for
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, validate

from core.api.paging import PageFields
from core.documents.models import KINDS

MAX_ID = 2**63 - 1


class UploadForm(Schema):
    class Meta:
        unknown = EXCLUDE  # the CSRF token of a session caller

    kind = fields.String(load_default="", validate=validate.Length(max=30),
                         metadata={"description": "one of: " + ", ".join(KINDS)})
    target_type = fields.String(load_default=None, validate=validate.Length(max=60),
                                metadata={"description": "the kind of record, e.g. payment"})
    target_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class UploadFiles(Schema):
    file = Upload(required=True, metadata={"description": "a photo (JPEG, PNG, GIF, WebP) or a PDF"})


class ListArgs(Schema):
    target_type = fields.String(load_default=None, validate=validate.Length(max=60))
    target_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class DocumentOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    original_filename = fields.String()
    content_type = fields.String()
    size = fields.Integer(metadata={"description": "bytes"})
    sha256 = fields.String()
    target_type = fields.String(allow_none=True)
    target_id = fields.Integer(allow_none=True)
    uploaded_by_user_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    content_url = fields.Function(
        lambda d: url_for("documents_api.DocumentContent", slug=g.tenant.slug, document_id=d.id))


class DocumentList(PageFields):
    items = fields.List(fields.Nested(DocumentOut))
