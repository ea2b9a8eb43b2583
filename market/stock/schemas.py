"""API schemas of stock: centres and service points, items and their components,
levels, movements and their actions (receipt, issue, adjustment, transfer),
and counts."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api.paging import PageFields
from core.api_fields import Satang
from market.models.stock import MOVEMENT_KINDS
from market.stock import commands


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
