"""Harvest lots, their QR codes and A4 label sheets (staff and producers)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import clock
from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.errors import N_, Conflict, ValidationError
from core.forms import parse
from producers import bp
from producers.lots import labels, ownership, permissions, services  # noqa: F401  (permissions first)

_int_arg = parse.id_or_none


def _date(value, field: str) -> date:
    return parse.typed_date(value, field, required=True, message=N_("Enter a date"))


@bp.get("/lots")
@require("producers.lots.view")
def lots():
    plot_id = _int_arg(request.args.get("plot"))
    return render_template(
        "producers/lots/index.html",
        lots=services.lots(current_user, g.tenant.id, plot_id=plot_id),
        plots=services.plots(current_user, g.tenant.id),
        can_record=can(current_user, "producers.lots.record", g.tenant.id),
    )


@bp.route("/lots/new", methods=["GET", "POST"])
@require("producers.lots.record")
@writes
def new_lot():
    plots = services.plots(current_user, g.tenant.id)
    form = request.form if request.method == "POST" else {"plot_id": request.args.get("plot", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        with refusal(only=ValidationError) as refused:
            plot_id = _int_arg(form.get("plot_id"))
            if plot_id is None:
                raise ValidationError(_("Choose a plot"), field="plot_id")
            lot = services.record_harvest(
                current_user, g.tenant.id, plot_id=plot_id,
                quantity_g=services.parse_kg(form.get("quantity_kg"), field="quantity_kg"),
                harvested_on=_date(form.get("harvested_on"), "harvested_on"),
                crop=form.get("crop"), planting_id=_int_arg(form.get("planting_id")), notes=form.get("notes"),
            )
            if lot.quantity_warning:
                flash(_("Recorded, but the quantity is far above what this plot was expected to yield. "
                        "Please check it."), "warning")
            else:
                flash(_("The harvest has been recorded as lot %(number)s.", number=lot.number), "success")
            return redirect(url_for("producers.lot", lot_id=lot.id))
        if exc := refused.error:
            errors[exc.field or "form"] = exc.translated()
    status = 422 if errors else 200
    return render_template("producers/lots/new.html", plots=plots, form=form, errors=errors,
                           today=clock.today()), status


@bp.get("/lots/<int:lot_id>")
@require("producers.lots.view")
@writes
def lot(lot_id: int):
    lot = services.get_lot(lot_id)
    ownership.check_plot(current_user, g.tenant.id, lot.plot_id)
    code = services.qr_for_lot(lot)
    return render_template(
        "producers/lots/lot.html", lot=lot, plot=services.get_plot(lot.plot_id), code=code,
        url=labels.short_url(code.token), svg=labels.qr_svg(code.token), batches=services.batches(lot.id),
        can_record=can(current_user, "producers.lots.record", g.tenant.id),
    )


@bp.post("/lots/<int:lot_id>/labels")
@require("producers.lots.record")
@writes
def issue_labels(lot_id: int):
    lot = services.get_lot(lot_id)
    with refusal(only=(ValidationError, Conflict)) as refused:
        count = _int_arg(request.form.get("count"))
        if count is None:
            raise ValidationError(_("Enter how many labels"), field="count")
        pack_g = services.parse_kg(request.form.get("pack_kg"), field="pack_kg")
        batch = services.issue_labels(current_user, g.tenant.id, lot_id=lot.id, count=count, pack_g=pack_g)
    if exc := refused.error:
        flash(exc.translated(), "error")
        return redirect(url_for("producers.lot", lot_id=lot_id))
    return redirect(url_for("producers.label_sheet", batch_id=batch.id))


@bp.get("/lots/labels/<int:batch_id>")
@require("producers.lots.view")
def label_sheet(batch_id: int):
    sheet = labels.lot_sheet(current_user, g.tenant, batch_id)
    return render_template("producers/lots/labels.html", sheet=sheet)


@bp.get("/lots/plots/<int:plot_id>/labels")
@require("producers.lots.view")
@writes
def plot_labels(plot_id: int):
    count = _int_arg(request.args.get("count")) or labels.PER_SHEET
    if count > labels.MAX_PLOT_LABELS:
        abort(400)
    sheet = labels.plot_sheet(current_user, g.tenant, plot_id, count)
    return render_template("producers/lots/labels.html", sheet=sheet)
