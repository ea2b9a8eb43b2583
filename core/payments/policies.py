"""The payment status machine, as data. Pure: no I/O."""

from __future__ import annotations

from core.errors import N_, Conflict

# to-status -> the statuses it may come from
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "pending": frozenset({"created"}),
    "succeeded": frozenset({"created", "pending"}),
    "failed": frozenset({"created", "pending"}),
    "cancelled": frozenset({"created", "pending"}),
    "partly_refunded": frozenset({"succeeded", "partly_refunded"}),
    "refunded": frozenset({"succeeded", "partly_refunded"}),
}
FINAL = frozenset({"failed", "cancelled", "refunded"})


class InvalidTransition(Conflict):
    code = "invalid_payment_transition"
    message = N_("This payment is %(status)s and cannot become %(target)s")


def can_move(current: str, target: str) -> bool:
    return current in ALLOWED_FROM.get(target, frozenset())


def check_move(current: str, target: str) -> None:
    if not can_move(current, target):
        raise InvalidTransition(status=current, target=target)


def refund_status(amount: int, refunded: int) -> str:
    return "refunded" if refunded >= amount else "partly_refunded"
