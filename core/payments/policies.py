"""The payment status machine, as data. Pure: no I/O."""

from __future__ import annotations

from core.errors import N_, Conflict

# to-status -> the statuses it may come from
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "pending": frozenset({"created"}),
    # Money that arrived is a fact: a payer may retry after a failure, or pay
    # after staff cancelled. The ledger records it; the domain's hook decides
    # what follows (a cancelled order's money is refunded by staff).
    "succeeded": frozenset({"created", "pending", "failed", "cancelled"}),
    "failed": frozenset({"created", "pending"}),
    "cancelled": frozenset({"created", "pending"}),
    "partly_refunded": frozenset({"succeeded", "partly_refunded"}),
    "refunded": frozenset({"succeeded", "partly_refunded"}),
}
FINAL = frozenset({"refunded"})


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
