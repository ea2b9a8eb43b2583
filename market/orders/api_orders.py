"""API: orders (``/api/v1/t/<slug>/market``), with the same permissions and
services as the pages. Money is integer satang with a formatted string beside
it. Deliveries (market.delivery.api_delivery) and the beneficiaries report
(market.reports.api_reports) add their routes to this blueprint."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.auth.policies import can
from core.boundary import api_writes, must_exist
from core.errors import Forbidden
from core.registry.queries import household_of_user
from market.orders import (
    permissions,  # noqa: F401  (declares the permissions)
    policies,
    queries,
    services,
)
from market.orders.schemas import (
    MarketOrderIn,
    MarketOrderList,
    MarketOrderOut,
    OrderCancelIn,
    OrderCashIn,
    OrderMoveIn,
    OrderPageArgs,
    OrderPaymentIn,
    OrderPaymentOut,
)

blp = Blueprint("market_orders_api", __name__, url_prefix="/api/v1/t/<slug>/market", description="Market orders")


def _staff() -> bool:
    return can(current_user, "market.orders.manage", g.tenant.id)


def _visible(order_id: int):
    order = services.get(order_id)
    if can(current_user, "market.orders.view", g.tenant.id):
        return order
    if can(current_user, "market.orders.own", g.tenant.id) and order.household_id == household_of_user(
            current_user.id):
        return order
    raise services.OrderNotFound()


@blp.route("/orders")
class Orders(MethodView):
    @api_require("market.orders.view")
    @blp.arguments(OrderPageArgs, location="query")
    @blp.response(200, MarketOrderList)
    @paged(blp, present=lambda rows: [order for order, _code in rows])
    def get(self, args):
        """Orders of the organisation, newest first."""
        return {"items": queries.orders_query(status=args["status"], round_id=args["round_id"])}

    @api_require("tenant.view")
    @blp.arguments(MarketOrderIn)
    @blp.response(201, MarketOrderOut)
    @api_writes
    def post(self, data):
        """Place an order: a household for itself, or staff for any household
        (``household_id``). Within limits, stock reserved, all or nothing."""
        own = household_of_user(current_user.id) if can(
            current_user, "market.orders.own", g.tenant.id) else None
        staff = _staff()
        household_id = data["household_id"] if staff and data["household_id"] else own
        if household_id is None or (not staff and data["household_id"] not in (None, own)):
            raise Forbidden()
        items: dict[int, int] = {}
        for line in data["lines"]:
            if line["item_id"] in items:
                raise policies.InvalidQuantity(item=str(line["item_id"]), max=policies.MAX_QUANTITY, field="lines")
            items[line["item_id"]] = line["quantity"]
        order = services.place(household_id=household_id, round_id=data["round_id"], items=items,
                               actor_id=current_user.id, on_behalf=staff and household_id != own,
                               fulfilment=data["fulfilment"], rest_method=data["rest_method"], note=data["note"])
        return order


@blp.route("/orders/<int:order_id>")
class OrderDetail(MethodView):
    @api_require("tenant.view")
    @blp.response(200, MarketOrderOut)
    def get(self, order_id: int):
        """One order: staff see any, a household only its own."""
        return _visible(order_id)


@blp.route("/orders/<int:order_id>/coupons")
class OrderCoupons(MethodView):
    @api_require("tenant.view")
    @blp.response(200, MarketOrderOut)
    @api_writes
    def post(self, order_id: int):
        """Pay what is due with the household's usable coupons, coupons first."""
        if not can(current_user, "market.orders.view", g.tenant.id):
            _visible(order_id)  # a household pays its own orders only (staff: the payment finds it or 404s)
        services.pay_with_coupons(order_id, actor_id=current_user.id)
        return services.get(order_id, with_lines=True)


@blp.route("/orders/<int:order_id>/payments")
class OrderPayments(MethodView):
    @api_require("tenant.view")
    @must_exist(order_id=_visible)
    @blp.arguments(OrderPaymentIn)
    @blp.response(201, OrderPaymentOut)
    @api_writes
    def post(self, data, order_id: int):
        """Start a PromptPay or card payment for what is still due."""
        return services.start_payment(order_id, data["method"], actor_id=current_user.id)


@blp.route("/orders/<int:order_id>/cash")
class OrderCash(MethodView):
    @api_require("market.orders.manage")
    @must_exist(order_id=_visible)
    @blp.arguments(OrderCashIn)
    @blp.response(200, MarketOrderOut)
    @api_writes
    def post(self, data, order_id: int):
        """Cash received at the desk for what is due (a numbered receipt)."""
        services.record_cash(order_id, actor_id=current_user.id, token=data["token"])
        return services.get(order_id)


@blp.route("/orders/<int:order_id>/transitions")
class OrderMove(MethodView):
    @api_require("market.orders.manage")
    @must_exist(order_id=_visible)
    @blp.arguments(OrderMoveIn)
    @blp.response(200, MarketOrderOut)
    @api_writes
    def post(self, data, order_id: int):
        """placed → packed → ready → collected; refused moves say why (409)."""
        if data["target"] == "collected":
            services.collect(order_id, actor_id=current_user.id, collected_by_name=data["collected_by_name"])
        else:
            services.move(order_id, data["target"], actor_id=current_user.id)
        return services.get(order_id)


@blp.route("/orders/<int:order_id>/cancel")
class OrderCancel(MethodView):
    @api_require("tenant.view")
    @must_exist(order_id=_visible)
    @blp.arguments(OrderCancelIn)
    @blp.response(200, MarketOrderOut)
    @api_writes
    def post(self, data, order_id: int):
        """Cancel: stock, coupon value and money given back. A household may
        cancel its own order while it is only placed."""
        order = _visible(order_id)
        if not _staff() and order.status != "placed":
            raise policies.InvalidTransition(order=order.id, status=order.status, target="cancelled")
        services.cancel(order.id, reason=data["reason"], actor_id=current_user.id)
        return services.get(order.id)
