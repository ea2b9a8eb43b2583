"""API: barter and loans of goods (``/api/v1/t/<slug>/market``), with the
same permissions as the pages; values in satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.api.paging import paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.boundary import api_writes
from market.exchange import services

blp = Blueprint(
    "market_exchange_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: exchange and loans",
)


class MarketExchApiBarterLineIn(Schema):
    item_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    unit_value_satang = Satang(
        required=True, validate=validate.Range(min=0, max=10**12)
    )


class MarketExchApiBarterIn(Schema):
    centre_id = fields.Integer(required=True)
    partner = fields.String(required=True, validate=validate.Length(min=1, max=200))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    out = fields.List(
        fields.Nested(MarketExchApiBarterLineIn),
        required=True,
        validate=validate.Length(min=1, max=50),
    )
    into = fields.List(
        fields.Nested(MarketExchApiBarterLineIn),
        required=True,
        validate=validate.Length(min=1, max=50),
        data_key="in",
    )


class MarketExchApiBarterLineOut(Schema):
    direction = fields.String()
    item_id = fields.Integer()
    quantity = fields.Integer()
    value_satang = fields.Integer()


class MarketExchApiBarterOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    partner = fields.String()
    note = fields.String(allow_none=True)
    value_out_satang = fields.Integer()
    value_in_satang = fields.Integer()
    created_at = fields.DateTime()
    lines = fields.List(fields.Nested(MarketExchApiBarterLineOut))


class MarketExchApiBarterList(Schema):
    items = fields.List(fields.Nested(MarketExchApiBarterOut))


class MarketExchApiLoanIn(Schema):
    centre_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    household_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    due_on = fields.Date(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class MarketExchApiLoanOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    item_id = fields.Integer()
    household_id = fields.Integer()
    quantity = fields.Integer()
    status = fields.String()
    lent_on = fields.Date()
    due_on = fields.Date()
    returned_on = fields.Date(allow_none=True)
    reminders_sent = fields.Integer()


class MarketExchApiLoanList(Schema):
    items = fields.List(fields.Nested(MarketExchApiLoanOut))


class MarketExchApiLoanArgs(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(("out", "returned", "lost")))


def _lines(rows):
    return [
        {
            "item_id": r["item_id"],
            "quantity": r["quantity"],
            "unit_value_satang": r["unit_value_satang"],
        }
        for r in rows
    ]


@blp.route("/barters")
class Barters(MethodView):
    @api_require("market.exchange.manage")
    @blp.response(200, MarketExchApiBarterList)
    @paged(blp)
    def get(self):
        """Exchanges with partners, newest first."""
        return {"items": services.barters(limit=None)}  # paged by the API

    @api_require("market.exchange.manage")
    @blp.arguments(MarketExchApiBarterIn)
    @blp.response(201, MarketExchApiBarterOut)
    @api_writes
    def post(self, data):
        """Goods out for goods in at equal agreed values; both moved in stock."""
        deal = services.barter(
            data, _lines(data["out"]), _lines(data["into"]), actor_id=current_user.id
        )
        return deal


@blp.route("/barters/<int:barter_id>")
class BarterDetail(MethodView):
    @api_require("market.exchange.manage")
    @blp.response(200, MarketExchApiBarterOut)
    def get(self, barter_id: int):
        """One exchange with its lines."""
        return services.get_barter(barter_id)


@blp.route("/loans")
class Loans(MethodView):
    @api_require("market.exchange.manage")
    @blp.arguments(MarketExchApiLoanArgs, location="query")
    @blp.response(200, MarketExchApiLoanList)
    @paged(blp)
    def get(self, args):
        """Loans of goods, soonest due first."""
        return {"items": services.loans(args["status"], limit=None)}  # paged by the API

    @api_require("market.exchange.manage")
    @blp.arguments(MarketExchApiLoanIn)
    @blp.response(201, MarketExchApiLoanOut)
    @api_writes
    def post(self, data):
        """Lend goods (a lendable item) to a household until a due date."""
        loan = services.lend(data, actor_id=current_user.id)
        return loan


@blp.route("/loans/<int:goods_loan_id>/return")
class LoanReturn(MethodView):
    @api_require("market.exchange.manage")
    @blp.response(200, MarketExchApiLoanOut)
    @api_writes
    def post(self, goods_loan_id: int):
        """The goods came back into stock."""
        loan = services.return_loan(services.get_loan(goods_loan_id), actor_id=current_user.id)
        return loan


@blp.route("/loans/<int:goods_loan_id>/lost")
class LoanLost(MethodView):
    @api_require("market.exchange.manage")
    @blp.response(200, MarketExchApiLoanOut)
    @api_writes
    def post(self, goods_loan_id: int):
        """The goods will not come back: written off."""
        loan = services.mark_lost(services.get_loan(goods_loan_id), actor_id=current_user.id)
        return loan
