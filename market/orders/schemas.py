"""API schemas of orders: their lines, placing one, payments, cash, moves and
cancelling."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from core.api.paging import PageFields
from core.i18n.formatting import format_thb
from market.orders import (
    policies,
)


class _In(Schema):
    class Meta:
        unknown = EXCLUDE


class OrderLineOut(Schema):
    item_id = fields.Integer()
    name_th = fields.String(attribute="item_name_th")
    name_en = fields.String(attribute="item_name_en")
    unit = fields.String()
    quantity = fields.Integer()
    unit_price = fields.Integer(metadata={"description": "satang"})
    amount = fields.Integer(metadata={"description": "satang"})


class MarketOrderOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    centre_id = fields.Integer()
    household_id = fields.Integer()
    slot_id = fields.Integer(allow_none=True)
    status = fields.String()
    fulfilment = fields.String()
    rest_method = fields.String()
    total = fields.Integer(metadata={"description": "satang"})
    coupon_paid = fields.Integer(metadata={"description": "satang"})
    cash_paid = fields.Integer(metadata={"description": "satang"})
    credit_paid = fields.Integer(metadata={"description": "satang: store and waste-bank credit"})
    due = fields.Integer(metadata={"description": "satang"})
    due_formatted = fields.Function(lambda o: format_thb(o.due))
    placed_at = fields.DateTime()
    on_behalf = fields.Boolean()
    collected_by_name = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    lines = fields.List(fields.Nested(OrderLineOut))


class MarketOrderList(PageFields):
    items = fields.List(fields.Nested(MarketOrderOut))


class OrderPageArgs(_In):
    status = fields.String(load_default=None, validate=validate.OneOf(list(policies.STATUS_LABELS)))
    round_id = fields.Integer(load_default=None, validate=validate.Range(min=1))


class OrderLineIn(_In):
    item_id = fields.Integer(required=True, strict=True)
    quantity = fields.Integer(required=True, strict=True)


class MarketOrderIn(_In):
    round_id = fields.Integer(required=True, strict=True)
    household_id = fields.Integer(load_default=None, strict=True)
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(max=200))
    fulfilment = fields.String(load_default="pickup")
    rest_method = fields.String(load_default="cash")
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class OrderPaymentIn(_In):
    method = fields.String(required=True, validate=validate.OneOf(["promptpay", "card"]))


class OrderPaymentOut(Schema):
    id = fields.Integer()
    method = fields.String()
    status = fields.String()
    amount = fields.Integer()
    ref1 = fields.String(allow_none=True)


class OrderCashIn(_In):
    token = fields.String(required=True, validate=validate.Length(min=16, max=64))


class OrderMoveIn(_In):
    target = fields.String(required=True, validate=validate.OneOf(["packed", "ready", "collected"]))
    collected_by_name = fields.String(load_default=None, validate=validate.Length(max=200))


class OrderCancelIn(_In):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
