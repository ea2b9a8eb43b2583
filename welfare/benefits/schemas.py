"""API schemas of welfare benefit types, claims and their payment
(``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from welfare.models.benefits import BENEFIT_CODES


class WelfareBenefitTypeIn(Schema):
    code = fields.String(required=True, validate=validate.OneOf(tuple(BENEFIT_CODES)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    per_event_cap = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    per_year_cap = Satang(load_default=None, validate=validate.Range(min=1, max=10**15))
    per_night = Satang(load_default=None, validate=validate.Range(min=1, max=10**15))
    min_membership_days = fields.Integer(load_default=0, validate=validate.Range(min=0, max=36500))
    required_documents = fields.List(fields.String(), load_default=list)


class WelfareBenefitTypeOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    min_membership_days = fields.Integer()
    per_event_cap_satang = Satang()
    per_year_cap_satang = Satang(allow_none=True)
    per_night_satang = Satang(allow_none=True)
    required_kinds = fields.List(fields.String())


class WelfareClaimIn(Schema):
    member_id = fields.Integer(required=True)
    benefit_type_id = fields.Integer(required=True)
    event_date = fields.Date(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    nights = fields.Integer(load_default=None, validate=validate.Range(min=1, max=366))
    description = fields.String(load_default="", validate=validate.Length(max=2000))


class WelfareClaimOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    member_id = fields.Integer()
    benefit_type_id = fields.Integer()
    event_date = fields.Date()
    nights = fields.Integer(allow_none=True)
    amount_requested_satang = Satang()
    amount_satang = Satang(allow_none=True)
    status = fields.String()
    check_note = fields.String(allow_none=True)
    disbursement_id = fields.Integer(allow_none=True)


class WelfarePayIn(Schema):
    resolution_id = fields.Integer(required=True)
    budget_line_id = fields.Integer(load_default=None)
