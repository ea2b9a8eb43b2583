"""A waste-bank deposit above the tenant's ceiling waits for a second
person (core.ceilings); confirming it runs the same deposit again, as the
operator who weighed it."""

from __future__ import annotations

from core.ceilings import services as ceilings
from market.wallet import services

DEPOSIT = "market.wallet.deposit"


def deposit(asked: dict, operator_id: int):
    return services.deposit(asked["household_id"], asked["rate_id"], asked["weight_grams"],
                            idempotency_key=asked["key"], service_point_id=None, operator_id=operator_id)


def _replay(payload: dict, requested_by: int) -> str:
    return f"market.wallet_entry:{deposit(payload, requested_by).id}"


ceilings.register(DEPOSIT, _replay)
