"""A donation above the tenant's ceiling waits for a second person
(core.ceilings); confirming it records the same donation again, as the
person who took it."""

from __future__ import annotations

from core.ceilings import services as ceilings
from market.donations import services

CASH = "market.donations.cash"
IN_KIND = "market.donations.in_kind"


def _cash(payload: dict, requested_by: int) -> str:
    donation = services.record_cash(payload, token=payload.get("token", ""), actor_id=requested_by)
    return f"market.donation:{donation.id}"


def _in_kind(payload: dict, requested_by: int) -> str:
    donation = services.record_in_kind(payload["data"], payload["lines"], actor_id=requested_by)
    return f"market.donation:{donation.id}"


ceilings.register(CASH, _cash)
ceilings.register(IN_KIND, _in_kind)
