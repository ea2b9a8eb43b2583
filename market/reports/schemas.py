"""API schemas of the goods centre's reports: the beneficiaries reached."""

from __future__ import annotations

from marshmallow import Schema, fields


class BeneficiaryReachOut(Schema):
    label = fields.String()
    villages = fields.Integer()
    households = fields.Integer()
    people = fields.Integer()


class MarketBeneficiariesOut(Schema):
    rounds = fields.List(fields.Nested(BeneficiaryReachOut))
    programmes = fields.List(fields.Nested(BeneficiaryReachOut))
    total = fields.Nested(BeneficiaryReachOut)
