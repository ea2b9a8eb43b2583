"""API schemas for rounds, slots, bookings and the queue."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang

ID = validate.Range(min=1, max=2**62)


class RoundsRoundIn(Schema):
    centre_id = fields.Integer(required=True, validate=ID)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    booking_opens_at = fields.AwareDateTime(required=True)
    booking_closes_at = fields.AwareDateTime(required=True)
    status = fields.String(
        load_default="draft",
        validate=validate.OneOf(("draft", "open", "closed", "finished", "cancelled")),
    )
    grace_minutes = fields.Integer(load_default=30, validate=validate.Range(min=0, max=1440))


class RoundsSlotOut(Schema):
    id = fields.Integer()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    capacity = fields.Integer()
    booked = fields.Integer()
    position = fields.Integer()


class RoundOfferIn(Schema):
    item_id = fields.Integer(required=True, validate=ID)
    price_satang = Satang(required=True, validate=validate.Range(min=0, max=10**12))
    limit_per_household = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=10**6)
    )


class RoundOfferOut(Schema):
    id = fields.Integer()
    item_id = fields.Integer()
    price_satang = fields.Integer()
    limit_per_household = fields.Integer(allow_none=True)


class RoundsRoundOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    name = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    booking_opens_at = fields.DateTime()
    booking_closes_at = fields.DateTime()
    status = fields.String()
    grace_minutes = fields.Integer()


class RoundsRoundDetailOut(RoundsRoundOut):
    slots = fields.List(fields.Nested(RoundsSlotOut))
    offers = fields.List(fields.Nested(RoundOfferOut))


class RoundsTemplateIn(Schema):
    start_time = fields.Time(required=True)
    end_time = fields.Time(required=True)
    interval_minutes = fields.Integer(load_default=15, validate=validate.Range(min=5, max=480))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=10000))
    weekdays = fields.List(fields.Integer(validate=validate.Range(min=0, max=6)), load_default=list)


class RoundsStampOut(Schema):
    slots_made = fields.Integer()


class RoundsBookingIn(Schema):
    household_id = fields.Integer(load_default=None, validate=ID)
    slot_id = fields.Integer(required=True, validate=ID)


class RoundsRebookIn(Schema):
    slot_id = fields.Integer(required=True, validate=ID)


class RoundsCheckInIn(Schema):
    collector_name = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )
    collector_relation = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=100)
    )


class RoundsCodeIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))


class RoundsBookingOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    household_id = fields.Integer()
    slot_id = fields.Integer()
    queue_number = fields.String()
    code = fields.String()
    token = fields.String()
    status = fields.String()
    checked_in_at = fields.DateTime(allow_none=True)
    collector_name = fields.String(allow_none=True)
    collector_relation = fields.String(allow_none=True)


class RoundsTicketOut(Schema):
    id = fields.Integer()
    number = fields.String()
    kind = fields.String()
    status = fields.String()
    booking_id = fields.Integer(allow_none=True)


class RoundsWalkInIn(Schema):
    household_id = fields.Integer(load_default=None, allow_none=True, validate=ID)


class RoundsScreenOut(Schema):
    round = fields.String()
    now_serving = fields.String(allow_none=True)
    called = fields.List(fields.String())
    waiting = fields.List(fields.String())
