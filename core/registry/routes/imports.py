"""CSV import pages: upload, the job with its progress, the error report."""

from __future__ import annotations

from flask import g, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import csv_export
from core.auth.policies import require
from core.boundary import refusal, writes
from core.db import after_commit
from core.errors import ValidationError
from core.registry import bp, importer, queries, services
from core.registry.forms import ActionForm, ImportForm, attach_errors


def _enqueue(job_id: int, tenant_id: int) -> None:
    from core.registry.tasks import import_households

    after_commit(lambda: import_households.delay(job_id, tenant_id))


@bp.route("/imports", methods=["GET", "POST"])
@require("registry.import")
@writes
def imports():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        with refusal(only=ValidationError) as refused:
            content = upload.read(services.MAX_IMPORT_BYTES + 1) if upload else b""
            job = services.start_import(
                current_user, g.tenant, getattr(upload, "filename", "") or "", content, form.mode.data or "strict"
            )
            _enqueue(job.id, g.tenant.id)
            return redirect(url_for("registry.import_job", job_id=job.id))
        if exc := refused.error:
            attach_errors(form, exc)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("registry/imports.html", form=form, jobs=queries.import_jobs()), status


@bp.get("/imports/template.csv")
@require("registry.import")
def import_template():
    return csv_export.response("households-template", importer.COLUMNS, importer.TEMPLATE_ROWS)


@bp.get("/imports/<int:job_id>")
@require("registry.import")
def import_job(job_id: int):
    job = queries.get_import_job(job_id)
    return render_template("registry/import_job.html", job=job, errors=_translated(job.errors),
                           action_form=ActionForm())


@bp.get("/imports/<int:job_id>/status")
@require("registry.import")
def import_status(job_id: int):
    job = queries.get_import_job(job_id)
    return jsonify(
        status=job.status, processed_rows=job.processed_rows, total_rows=job.total_rows,
        percent=job.percent, finished=job.finished, error_count=len(job.errors or []),
    )


@bp.post("/imports/<int:job_id>/good-only")
@require("registry.import")
@writes
def import_good_rows(job_id: int):
    job = queries.get_import_job(job_id)
    if ActionForm().validate_on_submit():
        services.import_good_rows(current_user, g.tenant, job)
        _enqueue(job.id, g.tenant.id)
    return redirect(url_for("registry.import_job", job_id=job_id))


@bp.get("/imports/<int:job_id>/errors.csv")
@require("registry.import")
def import_errors(job_id: int):
    job = queries.get_import_job(job_id)
    rows = [(error["row"], error["field"], error["message"]) for error in _translated(job.errors)]
    return csv_export.response(f"import-{job.id}-errors", [_("Row"), _("Column"), _("Problem")], rows)


def _translated(errors: list[dict] | None) -> list[dict]:
    out = []
    for error in errors or []:
        msgid, params = error["message"], error.get("params") or {}
        message = _(msgid, **params) if params else _(msgid)
        out.append({**error, "message": message})
    return out
