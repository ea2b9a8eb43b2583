"""Pages: the network dashboard, the plot-register CSV export and import."""

from __future__ import annotations

from flask import g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from core import csv_export
from core.auth.policies import require
from core.boundary import refusal, writes
from core.db import after_commit
from core.errors import ValidationError
from core.imports.models import ImportJob
from producers import bp
from producers.pgs import (
    dashboard,
    importer,
    permissions,  # noqa: F401
    )
from producers.pgs.pages import actor_id


@bp.get("/pgs/dashboard")
@require("producers.dashboard")
def pgs_dashboard():
    d = dashboard.build()
    labels = {
        "organic": _("Organic"),
        "in_conversion": _("In conversion"),
        "suspended": _("Suspended"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
        "none": _("Not certified"),
    }
    plots_chart = dashboard.bars([(labels[c], v["plots"]) for c, v in d.by_category.items()])
    harvest_chart = dashboard.bars([(m, float(kg)) for m, kg in d.harvest])
    return render_template(
        "producers/pgs/dashboard.html",
        d=d,
        labels=labels,
        plots_chart=plots_chart,
        harvest_chart=harvest_chart,
        grid=dashboard.grid_svg(d.grid),
    )


@bp.get("/pgs/plots.csv")
@require("producers.dashboard")
def pgs_plots_csv():
    return csv_export.response("plots", dashboard.EXPORT_COLUMNS, dashboard.export_rows())


def _enqueue(job_id: int, tenant_id: int) -> None:
    from producers.pgs.tasks import import_plots

    after_commit(lambda: import_plots.delay(job_id, tenant_id))


def _jobs():
    return importer.jobs()


@bp.route("/pgs/imports", methods=["GET", "POST"])
@require("producers.import")
@writes
def pgs_imports():
    error = None
    if request.method == "POST":
        upload = request.files.get("file")
        with refusal(only=ValidationError) as refused:
            content = upload.read(importer.MAX_IMPORT_BYTES + 1) if upload else b""
            if upload:
                upload.close()
            job = importer.start(
                getattr(upload, "filename", "") or "",
                content,
                request.form.get("mode") or "strict",
                actor_id=actor_id(),
            )
            _enqueue(job.id, g.tenant.id)
            return redirect(url_for("producers.pgs_import_job", plot_import_id=job.id))
        if exc := refused.error:
            error = exc
    return render_template(
        "producers/pgs/imports.html", jobs=_jobs(), error=error, columns=importer.COLUMNS
    ), 422 if error else 200


@bp.get("/pgs/imports/template.csv")
@require("producers.import")
def pgs_import_template():
    return csv_export.response("plots-template", importer.COLUMNS, importer.TEMPLATE_ROWS)


def _job(plot_import_id: int) -> ImportJob:
    return importer.get(plot_import_id)


@bp.get("/pgs/imports/<int:plot_import_id>")
@require("producers.import")
def pgs_import_job(plot_import_id: int):
    job = _job(plot_import_id)
    return render_template("producers/pgs/import_job.html", job=job, errors=_translated(job.errors))


@bp.get("/pgs/imports/<int:plot_import_id>/status")
@require("producers.import")
def pgs_import_status(plot_import_id: int):
    job = _job(plot_import_id)
    return jsonify(
        status=job.status,
        processed_rows=job.processed_rows,
        total_rows=job.total_rows,
        percent=job.percent,
        finished=job.finished,
        error_count=len(job.errors or []),
    )


@bp.post("/pgs/imports/<int:plot_import_id>/good-only")
@require("producers.import")
@writes
def pgs_import_good_rows(plot_import_id: int):
    job = _job(plot_import_id)
    importer.import_good_rows(job, actor_id=actor_id())
    _enqueue(job.id, g.tenant.id)
    return redirect(url_for("producers.pgs_import_job", plot_import_id=job.id))


@bp.get("/pgs/imports/<int:plot_import_id>/errors.csv")
@require("producers.import")
def pgs_import_errors(plot_import_id: int):
    job = _job(plot_import_id)
    rows = [(error["row"], error["field"], error["message"]) for error in _translated(job.errors)]
    return csv_export.response(f"plot-import-{job.id}-errors", [_("Row"), _("Column"), _("Problem")], rows)


def _translated(errors: list[dict] | None) -> list[dict]:
    out = []
    for error in errors or []:
        msgid, params = error["message"], error.get("params") or {}
        out.append({**error, "message": _(msgid, **params) if params else _(msgid)})
    return out
