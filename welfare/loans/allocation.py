"""Allocating a repayment to what is owed, as a pure function.

An *item* is one component (fee, interest or principal) still owed on one
installment. The order is configurable per product:

- ``components`` — e.g. ``("fee", "interest", "principal")``;
- ``strategy`` — ``"installment"``: the oldest installment is settled
  component by component before the next one is touched; ``"component"``: all
  fees (oldest first), then all interest, then all principal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COMPONENTS = ("fee", "interest", "principal")
STRATEGIES = ("installment", "component")
DEFAULT_ORDER = "fee,interest,principal"


@dataclass(frozen=True, slots=True)
class Owed:
    installment_id: int
    number: int
    due_on: date
    fee: int
    interest: int
    principal: int


@dataclass(frozen=True, slots=True)
class Share:
    installment_id: int
    component: str
    amount: int


def parse_order(text: str) -> tuple[str, ...]:
    """``"fee,interest,principal"`` → a tuple naming each component once."""
    parts = tuple(p.strip() for p in (text or "").split(",") if p.strip())
    if sorted(parts) != sorted(COMPONENTS):
        raise ValueError("The order names fee, interest and principal once each")
    return parts


def allocate(
    amount: int,
    owed: list[Owed],
    order: tuple[str, ...] = COMPONENTS,
    strategy: str = "installment",
) -> tuple[list[Share], int]:
    """Split ``amount`` over ``owed``; returns the shares and what is left over
    (more than everything owed)."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    if strategy not in STRATEGIES:
        raise ValueError("unknown strategy")
    items = sorted(owed, key=lambda o: (o.due_on, o.number, o.installment_id))
    if strategy == "installment":
        sequence = [(o, c) for o in items for c in order]
    else:
        sequence = [(o, c) for c in order for o in items]
    shares, left = [], amount
    for item, component in sequence:
        if left == 0:
            break
        due = getattr(item, component)
        take = min(due, left)
        if take > 0:
            shares.append(Share(item.installment_id, component, take))
            left -= take
    return shares, left
