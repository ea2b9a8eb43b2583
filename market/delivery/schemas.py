"""API schemas of deliveries: assigning them, proof of delivery and reasons for
not delivering."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from market.orders.schemas import _In


class MarketDeliveryOut(Schema):
    id = fields.Integer()
    order_id = fields.Integer()
    village_id = fields.Integer(allow_none=True)
    volunteer_user_id = fields.Integer(allow_none=True)
    status = fields.String()
    recipient_name = fields.String(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)


class DeliveryAssignIn(_In):
    delivery_ids = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=500))
    volunteer_user_id = fields.Integer(required=True, strict=True)


class DeliveryReasonIn(_In):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class DeliveryProofForm(_In):
    recipient_name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class DeliveryProofFiles(_In):
    photo = Upload(required=True)
