"""Document pages: the list, the upload form and the download. Thin: parse,
call a service, commit, redirect."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.documents import bp, services, sniffing
from core.documents.download import response_for
from core.documents.forms import UploadForm, attach_error
from core.errors import ValidationError


def _target_args() -> tuple[str | None, int | None]:
    """``?target_type=…&target_id=…``: both or neither; anything else is refused."""
    target_type = request.args.get("target_type") or None
    raw_id = request.args.get("target_id") or None
    if target_type is None and raw_id is None:
        return None, None
    target_id = int(raw_id) if raw_id and raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 20 else None
    services.check_target(target_type, target_id)
    return target_type, target_id


@bp.get("/")
@require("documents.view")
def index():
    target_type, target_id = _target_args()
    documents = services.recent(target_type=target_type, target_id=target_id)
    return render_template(
        "documents/index.html",
        documents=documents,
        also=services.also_attached(documents),
        target_type=target_type,
        target_id=target_id,
        may_upload=can(current_user, "documents.upload", g.tenant.id),
    )


@bp.route("/new", methods=["GET", "POST"])
@require("documents.upload")
@writes
def new():
    target_type, target_id = _target_args()
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        with refusal(only=ValidationError) as refused:
            content = upload.read(services.max_bytes() + 1) if upload else b""
            services.store(
                content,
                getattr(upload, "filename", None),
                form.kind.data or "",
                actor_id=current_user.id,
                target_type=target_type,
                target_id=target_id,
            )
        if exc := refused.error:
            attach_error(form, exc)
        else:
            flash(_("The document was uploaded."), "success")
            if can(current_user, "documents.view", g.tenant.id):
                return redirect(url_for("documents.index", target_type=target_type, target_id=target_id))
            return redirect(url_for("documents.new", target_type=target_type, target_id=target_id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "documents/new.html",
        form=form,
        target_type=target_type,
        target_id=target_id,
        max_megabytes=sniffing.megabytes(services.max_bytes()),
    ), status


@bp.get("/<int:document_id>")
@require("documents.view")
def download(document_id: int):
    return response_for(services.get_document(document_id))
