"""API: documents (``/api/v1/t/<slug>/documents``): upload one (multipart),
list a record's, read one's metadata, download its bytes with the same safe
headers as the page. The same services and permissions as the pages."""

from __future__ import annotations

from flask import jsonify
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import abandon, api_writes
from core.documents import services
from core.documents.download import response_for
from core.documents.schemas import DocumentList, DocumentOut, ListArgs, UploadFiles, UploadForm
from core.errors import ValidationError

blp = Blueprint("documents_api", __name__, url_prefix="/api/v1/t/<slug>/documents", description="Documents")


@blp.errorhandler(ValidationError)
def _invalid(exc: ValidationError):
    """422 JSON naming the field with a stable code, in the caller's language."""
    abandon()
    message = exc.translated()
    body = {"error": {"code": exc.code, "message": message, "status": 422}}
    if exc.field:
        body["error"].update(field=exc.field, fields={exc.field: [message]}, codes={exc.field: exc.code})
    return jsonify(body), 422


@blp.route("")
class Documents(MethodView):
    @api_require("documents.view")
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, DocumentList)
    @paged(blp)
    def get(self, args):
        """Documents, newest first; those attached to one record with
        ``target_type`` and ``target_id`` (both or neither)."""
        target_type, target_id = args["target_type"], args["target_id"]
        services.check_target(target_type, target_id)
        return {"items": services.documents_query(target_type=target_type, target_id=target_id)}

    @api_require("documents.upload")
    @blp.arguments(UploadForm, location="form")
    @blp.arguments(UploadFiles, location="files")
    @blp.response(201, DocumentOut)
    @api_writes
    def post(self, form, files):
        """Upload a photo or PDF (multipart ``file``, ``kind``, optionally
        ``target_type`` and ``target_id``). The type is checked from the
        bytes, not the name; the same file on the same record is stored once."""
        upload = files["file"]
        content = upload.read(services.max_bytes() + 1)
        document = services.store(content, upload.filename, form["kind"], actor_id=current_user.id,
                                  target_type=form["target_type"], target_id=form["target_id"])
        document_id = document.id
        return services.get_document(document_id)


@blp.route("/<int:document_id>")
class DocumentDetail(MethodView):
    @api_require("documents.view")
    @blp.response(200, DocumentOut)
    def get(self, document_id: int):
        """One document's metadata."""
        return services.get_document(document_id)


@blp.route("/<int:document_id>/content")
class DocumentContent(MethodView):
    @api_require("documents.view")
    @blp.response(200, description="The file: images and PDFs inline, anything else as an attachment",
                  content_type="application/octet-stream")
    def get(self, document_id: int):
        """The document's bytes, with the same safe headers as the page download."""
        return response_for(services.get_document(document_id))
