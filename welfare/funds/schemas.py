"""API schemas of welfare funds (``/api/v1/t/<slug>/welfare``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from welfare.models.funds import FUND_KINDS


class WelfareFundIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(tuple(FUND_KINDS)))
    allows_lending = fields.Boolean(load_default=True)
    public = fields.Boolean(load_default=False)
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    requires_minutes = fields.Boolean(load_default=False)
    requires_documents = fields.Boolean(load_default=False)


class WelfareFundOut(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    allows_lending = fields.Boolean()
    public = fields.Boolean()
    active = fields.Boolean()
    requires_minutes = fields.Boolean()
    requires_documents = fields.Boolean()
    book = fields.String()


class WelfareFundDetailOut(WelfareFundOut):
    balances = fields.Dict(keys=fields.String(), values=fields.Integer())
    required_approvals = fields.Integer()
