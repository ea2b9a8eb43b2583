"""API: centres, goods, stock and counts (``/api/v1/t/<slug>/market``), with
the same permissions as the pages. Quantities are integers in the item's
unit; money is integer satang."""

from __future__ import annotations

from functools import wraps

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.api.paging import PageFields, paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.db import db
from market.catalog import services as catalog
from market.models.stock import MOVEMENT_KINDS
from market.stock import commands, counts, queries
from market.stock import services as stock

blp = Blueprint(
    "market_stock_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: goods and stock",
)

Id = fields.Integer(validate=validate.Range(min=1, max=2**62))


class MarketStockCentreIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    village_id = fields.Integer(load_default=None, allow_none=True)
    active = fields.Boolean(load_default=True)


class MarketStockServicePointOut(Schema):
    id = fields.Integer()
    name = fields.String()


class MarketStockCentreOut(Schema):
    id = fields.Integer()
    name = fields.String()
    address = fields.String(allow_none=True)
    village_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    service_points = fields.List(fields.Nested(MarketStockServicePointOut))


class MarketStockCentreList(Schema):
    items = fields.List(fields.Nested(MarketStockCentreOut))


class MarketStockItemIn(Schema):
    name_th = fields.String(required=True, validate=validate.Length(min=1, max=200))
    name_en = fields.String(load_default="", validate=validate.Length(max=200))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=40))
    category_id = fields.Integer(load_default=None, allow_none=True)
    price_satang = Satang(
        required=True, validate=validate.Range(min=0, max=10**12)
    )
    cost_satang = Satang(
        required=True, validate=validate.Range(min=0, max=10**12)
    )
    limit_per_household = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1)
    )
    low_stock_threshold = fields.Integer(
        load_default=0, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )
    is_kit = fields.Boolean(load_default=False)
    lendable = fields.Boolean(load_default=False)
    active = fields.Boolean(load_default=True)


class MarketStockComponentOut(Schema):
    component_id = fields.Integer()
    quantity = fields.Integer()


class MarketStockItemOut(Schema):
    id = fields.Integer()
    name_th = fields.String()
    name_en = fields.String()
    unit = fields.String()
    category_id = fields.Integer(allow_none=True)
    price_satang = fields.Integer()
    cost_satang = fields.Integer()
    limit_per_household = fields.Integer(allow_none=True)
    low_stock_threshold = fields.Integer()
    is_kit = fields.Boolean()
    lendable = fields.Boolean()
    active = fields.Boolean()
    components = fields.List(fields.Nested(MarketStockComponentOut))


class MarketStockItemList(Schema):
    items = fields.List(fields.Nested(MarketStockItemOut))


class MarketStockComponentIn(Schema):
    component_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )


class MarketStockLevelArgs(Schema):
    centre_id = fields.Integer(required=True)


class MarketStockLevelOut(Schema):
    item_id = fields.Function(lambda row: row.item.id)
    item = fields.Function(lambda row: row.item.name_th)
    unit = fields.Function(lambda row: row.item.unit)
    on_hand = fields.Integer()
    reserved = fields.Integer()
    available = fields.Integer()
    value_satang = fields.Function(lambda row: row.value)
    low = fields.Boolean()


class MarketStockLevelList(Schema):
    items = fields.List(fields.Nested(MarketStockLevelOut))


class MarketStockMovementOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    item_id = fields.Integer()
    kind = fields.String()
    quantity = fields.Integer()
    unit_value_satang = fields.Integer()
    value_satang = fields.Integer()
    ref = fields.String(allow_none=True)
    party = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    journal_entry_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class MarketStockMovementList(PageFields):
    items = fields.List(fields.Nested(MarketStockMovementOut))


class MarketStockMovementArgs(Schema):
    centre_id = fields.Integer(load_default=None)
    item_id = fields.Integer(load_default=None)
    kind = fields.String(load_default=None, validate=validate.OneOf(MOVEMENT_KINDS))


class MarketStockQuantity(Schema):
    centre_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )


class MarketStockReceiptIn(MarketStockQuantity):
    kind = fields.String(load_default="purchase", validate=validate.OneOf(commands.RECEIPT_CHOICES))
    unit_cost_satang = Satang(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )
    party = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    ref = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=120))
    funded_by_donations = fields.Boolean(load_default=False)


class MarketStockIssueIn(MarketStockQuantity):
    kind = fields.String(
        load_default="distribution", validate=validate.OneOf(commands.ISSUE_CHOICES)
    )
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    ref = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=120))


class MarketStockAdjustmentIn(Schema):
    centre_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    delta = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=-1_000_000, max=1_000_000)
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class MarketStockTransferIn(MarketStockQuantity):
    to_centre_id = fields.Integer(required=True)


class MarketStockTransferOut(Schema):
    out = fields.Nested(MarketStockMovementOut)
    into = fields.Nested(MarketStockMovementOut)


class MarketStockCountLineOut(Schema):
    id = fields.Integer()
    item_id = fields.Integer()
    expected = fields.Integer()
    counted = fields.Integer(allow_none=True)


class MarketStockCountOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    status = fields.String()
    lines = fields.List(fields.Nested(MarketStockCountLineOut))


class MarketStockCountIn(Schema):
    centre_id = fields.Integer(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class MarketStockCountEntry(Schema):
    counted = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=1_000_000)),
        required=True,
        metadata={"description": "line id -> counted quantity"},
    )


def item_in_tenant(view):
    """Look the item up before the body is read: another tenant's id is a
    404, never a 422 that would tell it exists."""

    @wraps(view)
    def wrapped(*args, item_id: int, **kwargs):
        catalog.get_item(item_id)
        return view(*args, item_id=item_id, **kwargs)

    return wrapped


def count_in_tenant(view):
    @wraps(view)
    def wrapped(*args, stock_count_id: int, **kwargs):
        counts.get(stock_count_id)
        return view(*args, stock_count_id=stock_count_id, **kwargs)

    return wrapped


def _item_out(item) -> dict:
    data = {
        key: getattr(item, key)
        for key in MarketStockItemOut._declared_fields
        if key != "components"
    }
    data["components"] = catalog.components(item) if item.is_kit else []
    return data


@blp.route("/centres")
class Centres(MethodView):
    @api_require("market.catalog.view")
    @blp.response(200, MarketStockCentreList)
    @paged(blp)
    def get(self):
        """The organisation's goods centres with their service points."""
        return {"items": catalog.centres()}

    @api_require("market.catalog.manage")
    @blp.arguments(MarketStockCentreIn)
    @blp.response(201, MarketStockCentreOut)
    def post(self, data):
        """Open a centre."""
        centre = catalog.save_centre(data, actor_id=current_user.id)
        db.session.commit()
        return centre


@blp.route("/centres/<int:centre_id>")
class CentreDetail(MethodView):
    @api_require("market.catalog.view")
    @blp.response(200, MarketStockCentreOut)
    def get(self, centre_id: int):
        """One centre."""
        return catalog.get_centre(centre_id)


@blp.route("/items")
class Items(MethodView):
    @api_require("market.catalog.view")
    @blp.response(200, MarketStockItemList)
    @paged(blp)
    def get(self):
        """Goods and kits."""
        return {"items": [_item_out(i) for i in catalog.items()]}

    @api_require("market.catalog.manage")
    @blp.arguments(MarketStockItemIn)
    @blp.response(201, MarketStockItemOut)
    def post(self, data):
        """Add an item (prices in satang)."""
        item = catalog.save_item(data, actor_id=current_user.id)
        db.session.commit()
        return _item_out(item)


@blp.route("/items/<int:item_id>")
class ItemDetail(MethodView):
    @api_require("market.catalog.view")
    @blp.response(200, MarketStockItemOut)
    def get(self, item_id: int):
        """One item with its kit components."""
        return _item_out(catalog.get_item(item_id))


@blp.route("/items/<int:item_id>/components")
class ItemComponents(MethodView):
    @api_require("market.catalog.manage")
    @item_in_tenant
    @blp.arguments(MarketStockComponentIn)
    @blp.response(200, MarketStockItemOut)
    def post(self, data, item_id: int):
        """Set a component of a kit (quantity 0 removes it)."""
        kit = catalog.get_item(item_id)
        catalog.set_component(kit, data, actor_id=current_user.id)
        db.session.commit()
        return _item_out(kit)


@blp.route("/stock")
class Levels(MethodView):
    @api_require("market.stock.view")
    @blp.arguments(MarketStockLevelArgs, location="query")
    @blp.response(200, MarketStockLevelList)
    @paged(blp)
    def get(self, args):
        """On hand, reserved and available per item at a centre."""
        centre = catalog.get_centre(args["centre_id"])
        return {"items": queries.levels(centre.id)}


@blp.route("/stock/movements")
class Movements(MethodView):
    @api_require("market.stock.view")
    @blp.arguments(MarketStockMovementArgs, location="query")
    @blp.response(200, MarketStockMovementList)
    @paged(blp)
    def get(self, args):
        """The stock log, newest first."""
        return {"items": queries.movements_query(**args)}


def _action(command, permission: str, schema, doc: str, out=MarketStockMovementOut):
    @api_require(permission)
    @blp.arguments(schema)
    @blp.response(201, out)
    def post(self, data):
        result = command(data, actor_id=current_user.id)
        db.session.commit()
        return result

    post.__doc__ = doc
    return post


@blp.route("/stock/receipts")
class Receipts(MethodView):
    post = _action(
        commands.receipt,
        "market.stock.manage",
        MarketStockReceiptIn,
        "Receive goods: purchase, donation in kind or return.",
    )


@blp.route("/stock/issues")
class Issues(MethodView):
    post = _action(
        commands.issue,
        "market.stock.manage",
        MarketStockIssueIn,
        "Issue unreserved goods: distribution or loss.",
    )


@blp.route("/stock/adjustments")
class Adjustments(MethodView):
    post = _action(
        commands.adjustment,
        "market.stock.manage",
        MarketStockAdjustmentIn,
        "Adjust on hand with a reason.",
    )


@blp.route("/stock/assemblies")
class Assemblies(MethodView):
    post = _action(
        commands.assemble,
        "market.stock.manage",
        MarketStockQuantity,
        "Assemble kits from their components.",
    )


@blp.route("/stock/transfers")
class Transfers(MethodView):
    @api_require("market.stock.manage")
    @blp.arguments(MarketStockTransferIn)
    @blp.response(201, MarketStockTransferOut)
    def post(self, data):
        """Move goods between two centres."""
        out, into = commands.transfer(data, actor_id=current_user.id)
        db.session.commit()
        return {"out": out, "into": into}


@blp.route("/stock/counts")
class Counts(MethodView):
    @api_require("market.stock.count")
    @blp.arguments(MarketStockCountIn)
    @blp.response(201, MarketStockCountOut)
    def post(self, data):
        """Start a count of a centre (expected = on hand now)."""
        count = counts.start(data["centre_id"], actor_id=current_user.id, note=data["note"])
        db.session.commit()
        return count


@blp.route("/stock/counts/<int:stock_count_id>")
class CountDetail(MethodView):
    @api_require("market.stock.view")
    @blp.response(200, MarketStockCountOut)
    def get(self, stock_count_id: int):
        """A count with its lines."""
        return counts.get(stock_count_id)

    @api_require("market.stock.count")
    @count_in_tenant
    @blp.arguments(MarketStockCountEntry)
    @blp.response(200, MarketStockCountOut)
    def patch(self, data, stock_count_id: int):
        """Enter counted quantities by line id."""
        count = counts.get(stock_count_id)
        counts.enter(
            count, {f"line-{k}": v for k, v in data["counted"].items()}, actor_id=current_user.id
        )
        db.session.commit()
        return count


@blp.route("/stock/counts/<int:stock_count_id>/confirm")
class CountConfirm(MethodView):
    @api_require("market.stock.count")
    @blp.response(200, MarketStockCountOut)
    def post(self, stock_count_id: int):
        """Confirm a count once every line is counted."""
        count = counts.get(stock_count_id)
        counts.confirm(count, actor_id=current_user.id)
        db.session.commit()
        return count


@blp.route("/stock/counts/<int:stock_count_id>/finalise")
class CountFinalise(MethodView):
    @api_require("market.stock.finalise")
    @blp.response(200, MarketStockCountOut)
    def post(self, stock_count_id: int):
        """Turn a confirmed count's differences into adjustments."""
        count = counts.get(stock_count_id)
        counts.finalise(count, actor_id=current_user.id)
        db.session.commit()
        return count


__all__ = ["blp", "stock"]
