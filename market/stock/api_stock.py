"""API: centres, goods, stock and counts (``/api/v1/t/<slug>/market``), with
the same permissions as the pages. Quantities are integers in the item's
unit; money is integer satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from market.catalog import services as catalog
from market.stock import commands, counts, queries
from market.stock import services as stock
from market.stock.schemas import (
    MarketStockAdjustmentIn,
    MarketStockCentreIn,
    MarketStockCentreList,
    MarketStockCentreOut,
    MarketStockComponentIn,
    MarketStockCountEntry,
    MarketStockCountIn,
    MarketStockCountOut,
    MarketStockIssueIn,
    MarketStockItemIn,
    MarketStockItemList,
    MarketStockItemOut,
    MarketStockLevelArgs,
    MarketStockLevelList,
    MarketStockMovementArgs,
    MarketStockMovementList,
    MarketStockMovementOut,
    MarketStockQuantity,
    MarketStockReceiptIn,
    MarketStockTransferIn,
    MarketStockTransferOut,
)

blp = Blueprint(
    "market_stock_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: goods and stock",
)

Id = fields.Integer(validate=validate.Range(min=1, max=2**62))


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
    @api_writes
    def post(self, data):
        """Open a centre."""
        return catalog.save_centre(data, actor_id=current_user.id)


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
    @api_writes
    def post(self, data):
        """Add an item (prices in satang)."""
        item = catalog.save_item(data, actor_id=current_user.id)
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
    @must_exist(item_id=catalog.get_item)
    @blp.arguments(MarketStockComponentIn)
    @blp.response(200, MarketStockItemOut)
    @api_writes
    def post(self, data, item_id: int):
        """Set a component of a kit (quantity 0 removes it)."""
        kit = catalog.get_item(item_id)
        catalog.set_component(kit, data, actor_id=current_user.id)
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
    @api_writes
    def post(self, data):
        return command(data, actor_id=current_user.id)

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
    @api_writes
    def post(self, data):
        """Move goods between two centres."""
        out, into = commands.transfer(data, actor_id=current_user.id)
        return {"out": out, "into": into}


@blp.route("/stock/counts")
class Counts(MethodView):
    @api_require("market.stock.count")
    @blp.arguments(MarketStockCountIn)
    @blp.response(201, MarketStockCountOut)
    @api_writes
    def post(self, data):
        """Start a count of a centre (expected = on hand now)."""
        return counts.start(data["centre_id"], actor_id=current_user.id, note=data["note"])


@blp.route("/stock/counts/<int:stock_count_id>")
class CountDetail(MethodView):
    @api_require("market.stock.view")
    @blp.response(200, MarketStockCountOut)
    def get(self, stock_count_id: int):
        """A count with its lines."""
        return counts.get(stock_count_id)

    @api_require("market.stock.count")
    @must_exist(stock_count_id=counts.get)
    @blp.arguments(MarketStockCountEntry)
    @blp.response(200, MarketStockCountOut)
    @api_writes
    def patch(self, data, stock_count_id: int):
        """Enter counted quantities by line id."""
        count = counts.get(stock_count_id)
        counts.enter(
            count, {f"line-{k}": v for k, v in data["counted"].items()}, actor_id=current_user.id
        )
        return count


@blp.route("/stock/counts/<int:stock_count_id>/confirm")
class CountConfirm(MethodView):
    @api_require("market.stock.count")
    @blp.response(200, MarketStockCountOut)
    @api_writes
    def post(self, stock_count_id: int):
        """Confirm a count once every line is counted."""
        count = counts.get(stock_count_id)
        counts.confirm(count, actor_id=current_user.id)
        return count


@blp.route("/stock/counts/<int:stock_count_id>/finalise")
class CountFinalise(MethodView):
    @api_require("market.stock.finalise")
    @blp.response(200, MarketStockCountOut)
    @api_writes
    def post(self, stock_count_id: int):
        """Turn a confirmed count's differences into adjustments."""
        count = counts.get(stock_count_id)
        counts.finalise(count, actor_id=current_user.id)
        return count


__all__ = ["blp", "stock"]
