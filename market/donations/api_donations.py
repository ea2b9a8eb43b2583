"""API: donations (``/api/v1/t/<slug>/market/donations``), with the same
permissions as the pages; amounts in satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.api.paging import PageFields, paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.boundary import api_writes
from market.donations import queries, services

blp = Blueprint(
    "market_donations_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: donations",
)


class MarketDonApiDonationLineOut(Schema):
    item_id = fields.Integer()
    quantity = fields.Integer()
    unit_value_satang = fields.Integer()


class MarketDonApiDonationOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    channel = fields.String()
    status = fields.String()
    donor_name = fields.String(allow_none=True)
    purpose = fields.String(allow_none=True)
    amount_satang = fields.Integer()
    centre_id = fields.Integer(allow_none=True)
    payment_id = fields.Integer(allow_none=True)
    receipt_id = fields.Integer(allow_none=True)
    goods_receipt_number = fields.String(allow_none=True)
    created_at = fields.DateTime()
    received_at = fields.DateTime(allow_none=True)
    lines = fields.List(fields.Nested(MarketDonApiDonationLineOut))


class MarketDonApiDonationList(PageFields):
    items = fields.List(fields.Nested(MarketDonApiDonationOut))


class MarketDonApiCashDonationIn(Schema):
    amount_satang = Satang(
        required=True, validate=validate.Range(min=1, max=services.MAX_AMOUNT)
    )
    method = fields.String(load_default="cash", validate=validate.OneOf(("cash", "transfer")))
    donor_name = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )
    anonymous = fields.Boolean(load_default=False)
    purpose = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    idempotency_key = fields.String(
        required=True, validate=validate.Regexp(r"^[A-Za-z0-9_-]{16,64}$")
    )


class MarketDonApiInKindLineIn(Schema):
    item_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    unit_value_satang = Satang(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )


class MarketDonApiInKindDonationIn(Schema):
    centre_id = fields.Integer(required=True)
    donor_name = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )
    anonymous = fields.Boolean(load_default=False)
    purpose = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    lines = fields.List(
        fields.Nested(MarketDonApiInKindLineIn),
        required=True,
        validate=validate.Length(min=1, max=50),
    )


class MarketDonApiTransparencyItem(Schema):
    item = fields.String()
    unit = fields.String()
    quantity = fields.Integer()
    value_satang = fields.Integer()


class MarketDonApiTransparencyOut(Schema):
    cash_total_satang = fields.Integer()
    in_kind_total_satang = fields.Integer()
    bought_total_satang = fields.Integer()
    donations = fields.Integer()
    goods_given = fields.List(fields.Nested(MarketDonApiTransparencyItem))
    goods_bought = fields.List(fields.Nested(MarketDonApiTransparencyItem))


@blp.route("/donations")
class Donations(MethodView):
    @api_require("market.donations.view")
    @blp.response(200, MarketDonApiDonationList)
    @paged(blp)
    def get(self):
        """Donations, newest first."""
        return {"items": services.donations_query()}


@blp.route("/donations/cash")
class CashDonations(MethodView):
    @api_require("market.donations.record")
    @blp.arguments(MarketDonApiCashDonationIn)
    @blp.response(201, MarketDonApiDonationOut)
    @api_writes
    def post(self, data):
        """Record cash or a transfer handed to staff; issues a receipt. The same
        idempotency key again returns the first donation."""
        key = data.pop("idempotency_key")
        donation = services.record_cash(data, token=key, actor_id=current_user.id)
        return donation


@blp.route("/donations/in-kind")
class InKindDonations(MethodView):
    @api_require("market.donations.record")
    @blp.arguments(MarketDonApiInKindDonationIn)
    @blp.response(201, MarketDonApiDonationOut)
    @api_writes
    def post(self, data):
        """Receive goods given in kind into stock at the donor's value."""
        lines = data.pop("lines")
        donation = services.record_in_kind(data, lines, actor_id=current_user.id)
        return donation


@blp.route("/donations/<int:goods_donation_id>")
class DonationDetail(MethodView):
    @api_require("market.donations.view")
    @blp.response(200, MarketDonApiDonationOut)
    def get(self, goods_donation_id: int):
        """One donation."""
        return services.get(goods_donation_id)


@blp.route("/donations/transparency")
class Transparency(MethodView):
    @blp.response(200, MarketDonApiTransparencyOut)
    @blp.doc(security=[])  # public
    def get(self):
        """Public totals and what donations bought (no names)."""
        f = queries.transparency()

        def rows(items):
            return [
                {"item": i.name_th, "unit": i.unit, "quantity": q, "value_satang": v}
                for i, q, v in items
            ]

        return {
            "cash_total_satang": f.cash_total,
            "in_kind_total_satang": f.in_kind_total,
            "bought_total_satang": f.bought_total,
            "donations": f.donations,
            "goods_given": rows(f.goods_given),
            "goods_bought": rows(f.goods_bought),
        }
