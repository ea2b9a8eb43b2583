"""API schemas of welfare members, contributions and their statements
(``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from welfare.models.sources import CONTRIBUTION_PERIODS


class WelfareMemberIn(Schema):
    person_id = fields.Integer(load_default=None)
    household_id = fields.Integer(load_default=None)
    joined_on = fields.Date(required=True)
    member_no = fields.String(load_default="", validate=validate.Length(max=40))


class WelfareMemberOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    person_id = fields.Integer(allow_none=True)
    household_id = fields.Integer(allow_none=True)
    member_no = fields.String(allow_none=True)
    joined_on = fields.Date()
    status = fields.String()


class WelfareContributionIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    paid_on = fields.Date(required=True)
    method = fields.String(load_default="cash", validate=validate.OneOf(("cash", "transfer")))


class WelfareContributionOut(Schema):
    id = fields.Integer()
    member_id = fields.Integer()
    amount_satang = Satang()
    paid_on = fields.Date()


class WelfareScheduleIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    period = fields.String(required=True, validate=validate.OneOf(tuple(CONTRIBUTION_PERIODS)))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class WelfareScheduleOut(Schema):
    id = fields.Integer()
    member_id = fields.Integer()
    amount_satang = Satang()
    period = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)


class WelfarePeriodArgs(Schema):
    start = fields.Date(load_default=None, data_key="from")
    end = fields.Date(load_default=None, data_key="to")


class WelfareStatementOut(Schema):
    member_id = fields.Integer()
    start = fields.Date()
    end = fields.Date()
    paid_in_period = Satang()
    expected_to_date = Satang()
    paid_to_date = Satang()
    owed = Satang()
    benefits_paid = Satang()
