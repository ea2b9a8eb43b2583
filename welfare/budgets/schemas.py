"""API schemas of welfare budgets and their lines (``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from welfare.models.funds import BUDGET_CATEGORIES


class WelfareBudgetIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)


class WelfareBudgetApproveIn(Schema):
    resolution_id = fields.Integer(required=True, strict=True)


class WelfareBudgetLineIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(tuple(BUDGET_CATEGORIES)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    cap_percent = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))


class WelfareBudgetRowOut(Schema):
    line_id = fields.Integer()
    name = fields.String()
    category = fields.String()
    cap_percent = fields.Integer(allow_none=True)
    budgeted = Satang()
    committed = Satang()
    actual = Satang()
    remaining = Satang()


class WelfareBudgetOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    name = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    status = fields.String()
    total = Satang()
    committed = Satang()
    actual = Satang()
    lines = fields.List(fields.Nested(WelfareBudgetRowOut))
