"""API: paying an order from the household wallet
(``POST /api/v1/t/<slug>/market/orders/<id>/wallet``), a route of the household
wallet's blueprint (market.wallet.api_household_wallet) served by the orders
area, whose services it calls. Money is integer satang."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields

from core.api_auth import api_require
from core.auth.policies import can
from core.boundary import api_writes
from core.registry.queries import household_of_user
from market.orders import permissions as _order_permissions  # noqa: F401
from market.orders import services, wallet_payment
from market.wallet.api_household_wallet import blp


class OrderWalletPaymentOut(Schema):
    order_id = fields.Integer()
    paid = fields.List(fields.Dict(), metadata={"description": "[{instrument, amount}] in satang"})
    due = fields.Integer(metadata={"description": "satang still due"})


@blp.route("/orders/<int:order_id>/wallet")
class OrderWalletPay(MethodView):
    @api_require("tenant.view")
    @blp.response(200, OrderWalletPaymentOut)
    @api_writes
    def post(self, order_id: int):
        """Pay what is due from the household wallet, in the centre's order."""
        order = services.get(order_id)
        staff = can(current_user, "market.orders.view", g.tenant.id)
        own = can(current_user, "market.orders.own", g.tenant.id) and (
            order.household_id == household_of_user(current_user.id))
        if not (staff or own):
            raise services.OrderNotFound()
        paid = wallet_payment.pay_from_wallet(order.id, actor_id=current_user.id)
        return {
            "order_id": order.id,
            "paid": [{"instrument": name, "amount": amount} for name, amount in paid],
            "due": services.get(order.id).due,
        }
