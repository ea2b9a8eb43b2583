"""API: harvest lots, label batches and QR codes
(``/api/v1/t/<slug>/producers/lots``), with the same permissions as the pages."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes
from producers.lots import labels, ownership, permissions, services  # noqa: F401  (permissions first)

blp = Blueprint(
    "producers_lots_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/producers/lots",
    description="Producers: harvest lots, QR codes and labels",
)


def lot_in_tenant(view):
    """Another tenant's lot is a 404 before the body is read."""

    @wraps(view)
    def wrapped(*args, lot_id: int, **kwargs):
        lot = services.get_lot(lot_id)
        ownership.check_plot(current_user, g.tenant.id, lot.plot_id)
        return view(*args, lot_id=lot_id, **kwargs)

    return wrapped


def _positive_up_to(limit: int):
    """Range check for decimals sent as strings (a ``maximum`` on a string
    would make the OpenAPI document invalid)."""

    def check(value) -> None:
        if not 0 < value <= limit:
            raise ValidationError(f"Must be greater than 0 and at most {limit}.")

    return check


class LotsLotArgs(Schema):
    plot_id = fields.Integer(load_default=None)


class LotsLotIn(Schema):
    plot_id = fields.Integer(required=True)
    crop = fields.String(load_default=None, validate=validate.Length(max=100))
    planting_id = fields.Integer(load_default=None)
    quantity_kg = fields.Decimal(
        required=True, as_string=True, places=3, validate=_positive_up_to(10**9)
    )
    harvested_on = fields.Date(required=True)
    notes = fields.String(load_default=None, validate=validate.Length(max=2000))


class LotsLotOut(Schema):
    id = fields.Integer()
    number = fields.String()
    plot_id = fields.Integer()
    planting_id = fields.Integer(allow_none=True)
    crop = fields.String()
    quantity_kg = fields.Float()
    labelled_kg = fields.Function(lambda lot: lot.labelled_g / 1000)
    harvested_on = fields.Date()
    cert_status_at_harvest = fields.String()
    cert_level_at_harvest = fields.String(allow_none=True)
    cert_number_at_harvest = fields.String(allow_none=True)
    quantity_warning = fields.Boolean(metadata={"description": "far above the expected yield"})
    qr_url = fields.Method("_qr_url")

    def _qr_url(self, lot):
        return labels.short_url(services.qr_for_lot(lot).token)


class LotsLotList(Schema):
    items = fields.List(fields.Nested(LotsLotOut))


class LotsLabelsIn(Schema):
    count = fields.Integer(
        required=True, validate=validate.Range(min=1, max=services.MAX_LABELS_PER_BATCH)
    )
    pack_kg = fields.Decimal(
        required=True, as_string=True, places=3, validate=_positive_up_to(10**6)
    )


class LotsLabelsOut(Schema):
    id = fields.Integer()
    lot_id = fields.Integer()
    count = fields.Integer()
    pack_kg = fields.Function(lambda b: b.pack_g / 1000)
    sheet_url = fields.Function(
        lambda b: labels.url_for("producers.label_sheet", batch_id=b.id, _external=True)
    )


class LotsQrOut(Schema):
    token = fields.String()
    url = fields.String()


@blp.route("")
class Lots(MethodView):
    @api_require("producers.lots.view")
    @blp.arguments(LotsLotArgs, location="query")
    @blp.response(200, LotsLotList)
    @paged(blp)
    def get(self, args):
        """Harvest lots (a producer sees their own plots' lots)."""
        return {"items": services.lots(current_user, g.tenant.id, plot_id=args["plot_id"], limit=None)}

    @api_require("producers.lots.record")
    @blp.arguments(LotsLotIn)
    @blp.response(201, LotsLotOut)
    @api_writes
    def post(self, data):
        """Record a harvest: a lot with its number, certification at harvest and QR.
        Harvest before planting is refused; an absurd quantity sets ``quantity_warning``."""
        lot = services.record_harvest(
            current_user,
            g.tenant.id,
            plot_id=data["plot_id"],
            quantity_g=services.parse_kg(data["quantity_kg"], field="quantity_kg"),
            harvested_on=data["harvested_on"],
            crop=data["crop"],
            planting_id=data["planting_id"],
            notes=data["notes"],
        )
        return lot


@blp.route("/<int:lot_id>")
class LotDetail(MethodView):
    @api_require("producers.lots.view")
    @lot_in_tenant
    @blp.response(200, LotsLotOut)
    @api_writes
    def get(self, lot_id: int):
        """One lot."""
        lot = services.get_lot(lot_id)
        services.qr_for_lot(lot)
        return lot


@blp.route("/<int:lot_id>/labels")
class LotLabels(MethodView):
    @api_require("producers.lots.record")
    @lot_in_tenant
    @blp.arguments(LotsLabelsIn)
    @blp.response(201, LotsLabelsOut)
    @api_writes
    def post(self, data, lot_id: int):
        """Issue labels (count × pack size); refused with 409 past the harvested quantity."""
        batch = services.issue_labels(
            current_user,
            g.tenant.id,
            lot_id=lot_id,
            count=data["count"],
            pack_g=services.parse_kg(data["pack_kg"], field="pack_kg"),
        )
        return batch


@blp.route("/plots/<int:plot_id>/qr")
class PlotQr(MethodView):
    @api_require("producers.lots.view")
    @blp.response(200, LotsQrOut)
    @api_writes
    def get(self, plot_id: int):
        """The plot's QR token and short URL (made on first use)."""
        plot = services.get_plot(plot_id)
        ownership.check_plot(current_user, g.tenant.id, plot.id)
        code = services.qr_for_plot(plot.id)
        return {"token": code.token, "url": labels.short_url(code.token)}
