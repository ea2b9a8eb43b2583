"""API: the waste-bank credit (``/api/v1/t/<slug>/market/wallet``)."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes
from core.errors import N_, ValidationError
from core.registry.queries import get_household
from market.coupons import permissions  # noqa: F401
from market.coupons.schemas import (
    WalletEntryOut,
    WalletOut,
    WalletSpendIn,
    WasteDepositIn,
    WasteRateIn,
    WasteRateOut,
)
from market.wallet import queries, services

blp = Blueprint(
    "market_wallet_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market/wallet",
    description="Market: waste-bank credit",
)


def _point(point_id: int | None) -> None:
    if point_id and not queries.service_point_exists(point_id):
        raise ValidationError(N_("Choose a service point"), field="service_point_id")


@blp.route("/rates")
class Rates(MethodView):
    @api_require("market.wallet.view")
    @blp.response(200, WasteRateOut(many=True))
    @paged(blp)
    def get(self):
        """Exchange rates of recyclables to credit."""
        return services.rates()

    @api_require("market.wallet.operate")
    @blp.arguments(WasteRateIn)
    @blp.response(201, WasteRateOut)
    @api_writes
    def post(self, data):
        """Set a recyclable's rate."""
        rate = services.set_rate(data["material"], data["satang_per_kg"], actor_id=current_user.id)
        return rate


@blp.route("/households/<int:household_id>")
class HouseholdWallet(MethodView):
    @api_require("market.wallet.view")
    @blp.response(200, WalletOut)
    def get(self, household_id: int):
        """A household's credit balance and entries."""
        get_household(household_id)  # NotFound for no such household
        return {
            "household_id": household_id,
            "balance_satang": services.balance(household_id),
            "entries": services.entries(household_id),
        }


@blp.route("/deposits")
class Deposits(MethodView):
    @api_require("market.wallet.operate")
    @blp.arguments(WasteDepositIn)
    @blp.response(201, WalletEntryOut)
    @api_writes
    def post(self, data):
        """Recyclables brought in: credit at the material's rate (rounded down)."""
        _point(data["service_point_id"])
        entry = services.deposit(
            data.pop("household_id"),
            data.pop("rate_id"),
            data.pop("weight_grams"),
            operator_id=current_user.id,
            **data,
        )
        return entry


@blp.route("/spends")
class Spends(MethodView):
    @api_require("market.wallet.operate")
    @blp.arguments(WalletSpendIn)
    @blp.response(201, WalletEntryOut)
    @api_writes
    def post(self, data):
        """Pay from a household's credit; the same idempotency key again returns the first entry."""
        _point(data["service_point_id"])
        entry = services.spend(
            data.pop("household_id"), data.pop("amount_satang"), operator_id=current_user.id, **data
        )
        return entry
