"""API schemas of the outbox. Addresses are personal data (PDPA): they go out
masked, provider responses and errors as their HTTP status only (never what a
provider wrote back) and our own words with long numbers masked; a
notification's template parameters are not exposed."""

from __future__ import annotations

from marshmallow import Schema, fields

from core.api.paging import PageFields
from core.notifications.masking import mask_address
from core.notifications.provider_http import shown


def _get(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


class NotificationOut(Schema):
    id = fields.Integer()
    channel = fields.String()
    template = fields.String()
    lang = fields.String()
    status = fields.String(metadata={"description": "pending, sending, sent or failed"})
    attempts = fields.Integer()
    address_masked = fields.Function(lambda n: mask_address(_get(n, "address")))
    to_user_id = fields.Integer(allow_none=True)
    to_person_id = fields.Integer(allow_none=True)
    last_error = fields.Function(lambda n: shown(_get(n, "last_error")) or None)
    created_at = fields.DateTime()
    sent_at = fields.DateTime(allow_none=True)


class DeliveryOut(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    status = fields.String(metadata={"description": "sent, retry or failed"})
    response = fields.Function(lambda d: shown(d.response) or None)
    error = fields.Function(lambda d: shown(d.error) or None)


class NotificationDetailOut(NotificationOut):
    deliveries = fields.List(fields.Nested(DeliveryOut))


class NotificationPage(PageFields):
    items = fields.List(fields.Nested(NotificationOut))
