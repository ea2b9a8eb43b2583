"""A document's bytes as an HTTP response with safe headers: images and PDFs
inline, anything else as an attachment; never cached by shared caches, never
sniffed, never able to run script. Shared by the page and the API."""

from __future__ import annotations

import io

from flask import Response, send_file

from core.documents import services, sniffing
from core.documents.models import Document


def response_for(document: Document) -> Response:
    inline = document.content_type in sniffing.INLINE
    # Documents are small (DOCUMENT_MAX_BYTES): read them whole, so no file
    # handle outlives the request however the response is consumed.
    with services.open_document(document) as fh:
        content = io.BytesIO(fh.read())
    response = send_file(
        content,
        mimetype=document.content_type,
        as_attachment=not inline,
        download_name=sniffing.download_name(document.original_filename, document.content_type),
        etag=document.sha256,
        conditional=True,
        max_age=None,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
