"""API schemas of welfare meetings, resolutions and disbursement requests
(``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from welfare.models.governance import MEETING_KINDS, RESOLUTION_KINDS


class WelfareMeetingIn(Schema):
    held_on = fields.Date(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(tuple(MEETING_KINDS)))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    attendees = fields.String(load_default="", validate=validate.Length(max=20000))
    attendee_count = fields.Integer(load_default=None, validate=validate.Range(min=0, max=1_000_000))
    eligible_count = fields.Integer(required=True, validate=validate.Range(min=0, max=1_000_000))
    quorum_percent = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    minutes = fields.String(load_default="", validate=validate.Length(max=50000))


class WelfareMeetingOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    held_on = fields.Date()
    kind = fields.String()
    title = fields.String()
    attendee_count = fields.Integer()
    eligible_count = fields.Integer()
    quorum_percent = fields.Integer()
    quorum_met = fields.Boolean()


class WelfareResolutionIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(tuple(RESOLUTION_KINDS)))
    amount_cap = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    valid_until = fields.Date(load_default=None)
    number = fields.String(load_default="", validate=validate.Length(max=40))


class WelfareResolutionOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    meeting_id = fields.Integer()
    number = fields.String()
    kind = fields.String()
    amount_cap_satang = Satang()
    used_satang = Satang()
    remaining_satang = Satang()
    purpose = fields.String()
    valid_until = fields.Date(allow_none=True)
    status = fields.String()


class WelfareDisbursementIn(Schema):
    resolution_id = fields.Integer(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    debit_key = fields.String(load_default="program_expense",
                              validate=validate.OneOf(("program_expense", "benefit_expense", "admin_expense")))
    credit_key = fields.String(load_default="cash", validate=validate.OneOf(("cash", "bank")))
    budget_line_id = fields.Integer(load_default=None)
    overspend_resolution_id = fields.Integer(load_default=None)


class WelfareDisbursementOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    resolution_id = fields.Integer()
    budget_line_id = fields.Integer(allow_none=True)
    amount_satang = Satang()
    overspend_satang = Satang()
    purpose = fields.String()
    target_type = fields.String()
    target_id = fields.Integer(allow_none=True)
    requested_by = fields.Integer()
    required = fields.Integer()
    status = fields.String()
    reject_reason = fields.String(allow_none=True)
    journal_entry_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class WelfareRejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
