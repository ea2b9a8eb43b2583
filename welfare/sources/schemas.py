"""API schemas of welfare grants, tranches, restricted money and donations
(``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from welfare.models.sources import GRANT_USES, GRANTOR_KINDS


class WelfareGrantIn(Schema):
    grantor_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    grantor_kind = fields.String(required=True, validate=validate.OneOf(tuple(GRANTOR_KINDS)))
    total = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    agreement_ref = fields.String(load_default="", validate=validate.Length(max=100))
    signed_on = fields.Date(load_default=None)
    permitted_uses = fields.String(load_default="", validate=validate.Length(max=2000))
    restricted = fields.Boolean(load_default=True)
    uses = fields.List(fields.String(validate=validate.OneOf(tuple(GRANT_USES))), load_default=list)


class WelfareTrancheOut(Schema):
    id = fields.Integer()
    seq = fields.Integer()
    amount_satang = Satang()
    expected_on = fields.Date(allow_none=True)
    conditions = fields.String()
    status = fields.String()
    received_on = fields.Date(allow_none=True)


class WelfareGrantOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    grantor_name = fields.String()
    grantor_kind = fields.String()
    agreement_ref = fields.String()
    total_satang = Satang()
    permitted_uses = fields.String()
    restricted = fields.Boolean()
    uses = fields.List(fields.String())
    restricted_balance_satang = Satang()
    tranches = fields.List(fields.Nested(WelfareTrancheOut))


class WelfareTrancheIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    expected_on = fields.Date(load_default=None)
    conditions = fields.String(load_default="", validate=validate.Length(max=2000))


class WelfareReceiveIn(Schema):
    received_on = fields.Date(required=True)
    into = fields.String(load_default="bank", validate=validate.OneOf(("cash", "bank")))


class WelfareDonationIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    received_on = fields.Date(required=True)
    donor_name = fields.String(load_default="", validate=validate.Length(max=200))
    anonymous = fields.Boolean(load_default=True)
    into = fields.String(load_default="cash", validate=validate.OneOf(("cash", "bank")))


class WelfareDonationOut(Schema):
    id = fields.Integer()
    amount_satang = Satang()
    received_on = fields.Date()
    journal_entry_id = fields.Integer(allow_none=True)


class WelfareReleaseIn(Schema):
    resolution_id = fields.Integer(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=500))
