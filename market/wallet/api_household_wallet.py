"""API: the household wallet (``/api/v1/t/<slug>/market``): its balances and
statement for staff or the household itself. Paying an order from it
(market.orders.api_order_wallet) adds its route to this blueprint. Money is
integer satang."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from core.api_auth import api_require
from core.auth.policies import can
from core.errors import NotFound
from core.registry.models import Household
from core.registry.queries import get_household, household_of_user
from market.coupons import permissions as _coupon_permissions  # noqa: F401
from market.wallet import permissions as _wallet_permissions  # noqa: F401
from market.wallet import statement

blp = Blueprint(
    "market_household_wallet_api", __name__, url_prefix="/api/v1/t/<slug>/market", description="Household wallet"
)


class HouseholdWalletMovementOut(Schema):
    at = fields.DateTime()
    instrument = fields.String()
    what = fields.String()
    amount = fields.Integer(metadata={"description": "satang, + in, - out"})
    balance = fields.Integer(metadata={"description": "satang: the instrument after this movement"})
    total = fields.Integer(metadata={"description": "satang: the wallet after this movement"})
    ref = fields.String()


class HouseholdWalletOut(Schema):
    household_id = fields.Integer()
    balances = fields.Dict(keys=fields.String(), values=fields.Integer())
    total = fields.Integer()
    movements = fields.List(fields.Nested(HouseholdWalletMovementOut))


def _household(household_id: int) -> Household:
    """Staff see any household of the tenant; a household only its own."""
    household = get_household(household_id)
    if can(current_user, "market.wallet.view", g.tenant.id):
        return household
    if can(current_user, "market.wallet.own", g.tenant.id) and household_of_user(current_user.id) == household.id:
        return household
    raise NotFound()


@blp.route("/households/<int:household_id>/wallet")
class HouseholdWallet(MethodView):
    @api_require("tenant.view")
    @blp.response(200, HouseholdWalletOut)
    def get(self, household_id: int):
        """The household's balances per instrument and every movement."""
        household = _household(household_id)
        got = statement.statement(household.id)
        return {
            "household_id": household.id,
            "balances": got.balances,
            "total": got.total,
            "movements": got.movements,
        }
