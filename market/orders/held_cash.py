"""Cash for an order above the tenant's ceiling waits for a second person
(core.ceilings); confirming it records the same cash again, as the person
who took it (at the desk or at the door)."""

from __future__ import annotations

from core.ceilings import services as ceilings
from market.orders import services

ACTION = "market.orders.cash"


def payload(order_id: int, token: str) -> dict:
    return {"order_id": order_id, "token": token}


def _replay(payload: dict, requested_by: int) -> str:
    services.record_cash(payload["order_id"], actor_id=requested_by, token=payload["token"])
    return f"market.order:{payload['order_id']}"


ceilings.register(ACTION, _replay)
