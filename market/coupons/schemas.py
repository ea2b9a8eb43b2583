"""API schemas for programmes, coupons, redemptions and the waste-bank credit."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from core.api_fields import Satang
from core.registry.models import VULNERABILITY_FLAGS

BIG = validate.Range(min=1, max=10**12)
ID = validate.Range(min=1, max=2**62)


class CouponsBasketLine(Schema):
    item_id = fields.Integer(required=True, validate=ID)
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=100000))


class CouponsProgrammeIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    funder = fields.String(load_default="", validate=validate.Length(max=200))
    purpose = fields.String(load_default="", validate=validate.Length(max=2000))
    budget_account_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    kind = fields.String(load_default="value", validate=validate.OneOf(("value", "basket")))
    value_satang = Satang(load_default=0, validate=validate.Range(min=0, max=10**12))
    per_member = fields.Boolean(load_default=False)
    size_cap = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=100)
    )
    min_household_size = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=100)
    )
    max_household_size = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=100)
    )
    eligibility_flags = fields.List(
        fields.String(validate=validate.OneOf(VULNERABILITY_FLAGS)), load_default=list
    )
    village_ids = fields.List(fields.Integer(validate=ID), load_default=list)
    basket = fields.List(fields.Nested(CouponsBasketLine), load_default=list)
    allowed_item_ids = fields.List(fields.Integer(validate=ID), load_default=list)
    allowed_category_ids = fields.List(fields.Integer(validate=ID), load_default=list)


class CouponsProgrammeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    funder = fields.String()
    purpose = fields.String()
    kind = fields.String()
    value_satang = fields.Integer()
    per_member = fields.Boolean()
    size_cap = fields.Integer(allow_none=True)
    eligibility_flags = fields.List(fields.String())
    village_ids = fields.List(fields.Integer())
    min_household_size = fields.Integer(allow_none=True)
    max_household_size = fields.Integer(allow_none=True)
    basket = fields.List(fields.Dict())
    allowed_item_ids = fields.List(fields.Integer())
    allowed_category_ids = fields.List(fields.Integer())
    budget_account_id = fields.Integer(allow_none=True)
    active = fields.Boolean()


class CouponsIssueIn(Schema):
    round_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)
    household_ids = fields.List(fields.Integer(validate=ID), load_default=None, allow_none=True)


class CouponsIssueOut(Schema):
    issued = fields.List(fields.Integer())
    already = fields.Integer()
    not_eligible = fields.List(fields.Integer())


class CouponArgs(Schema):
    household_id = fields.Integer(load_default=None, validate=ID)
    programme_id = fields.Integer(load_default=None, validate=ID)
    round_id = fields.Integer(load_default=None, validate=ID)


class CouponOut(Schema):
    id = fields.Integer()
    code = fields.String()
    household_id = fields.Integer()
    programme_id = fields.Integer()
    round_id = fields.Integer(allow_none=True)
    value_satang = fields.Integer()
    balance_satang = fields.Integer()
    state = fields.String()
    valid_from = fields.DateTime()
    valid_until = fields.DateTime()
    basket = fields.List(fields.Dict())
    allowed_item_ids = fields.List(fields.Integer())
    allowed_category_ids = fields.List(fields.Integer())
    replaces_id = fields.Integer(allow_none=True)


class CouponsLookupIn(Schema):
    code = fields.String(load_default=None, validate=validate.Length(max=40))
    token = fields.String(load_default=None, validate=validate.Length(max=200))


class CouponsRedeemIn(Schema):
    amount_satang = Satang(required=True, validate=BIG)
    idempotency_key = fields.String(required=True, validate=validate.Length(min=1, max=100))
    service_point_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    ref = fields.String(load_default="api", validate=validate.Length(max=100))
    item_ids = fields.List(fields.Integer(validate=ID), load_default=list)
    category_ids = fields.List(fields.Integer(validate=ID), load_default=list)


class CouponsRedemptionOut(Schema):
    id = fields.Integer()
    coupon_id = fields.Integer()
    amount_satang = fields.Integer()
    idempotency_key = fields.String()
    service_point_id = fields.Integer(allow_none=True)
    operator_id = fields.Integer(allow_none=True)
    ref = fields.String()
    reversal_of_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class CouponsReasonIn(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class CouponsReportRow(Schema):
    programme_id = fields.Integer()
    programme = fields.String()
    round_id = fields.Integer(allow_none=True)
    round = fields.String()
    coupons = fields.Integer()
    households = fields.Integer()
    value_satang = fields.Integer()
    redeemed_satang = fields.Integer()
    fully_used = fields.Integer()


class WasteRateIn(Schema):
    material = fields.String(required=True, validate=validate.Length(min=1, max=100))
    satang_per_kg = Satang(required=True, validate=BIG)


class WasteRateOut(Schema):
    id = fields.Integer()
    material = fields.String()
    satang_per_kg = fields.Integer()


class WasteDepositIn(Schema):
    household_id = fields.Integer(required=True, validate=ID)
    rate_id = fields.Integer(required=True, validate=ID)
    weight_grams = fields.Integer(required=True, validate=validate.Range(min=1, max=10**7))
    idempotency_key = fields.String(required=True, validate=validate.Length(min=1, max=100))
    service_point_id = fields.Integer(load_default=None, allow_none=True, validate=ID)


class WalletSpendIn(Schema):
    household_id = fields.Integer(required=True, validate=ID)
    amount_satang = Satang(required=True, validate=BIG)
    idempotency_key = fields.String(required=True, validate=validate.Length(min=1, max=100))
    service_point_id = fields.Integer(load_default=None, allow_none=True, validate=ID)
    ref = fields.String(load_default="api", validate=validate.Length(max=100))


class WalletEntryOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    amount_satang = fields.Integer()
    weight_grams = fields.Integer(allow_none=True)
    ref = fields.String()
    created_at = fields.DateTime()


class WalletOut(Schema):
    household_id = fields.Integer()
    balance_satang = fields.Integer()
    entries = fields.List(fields.Nested(WalletEntryOut))
