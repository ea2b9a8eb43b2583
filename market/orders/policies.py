"""Order rules as data and pure functions: the fulfilment state machine,
quantities and limits, pricing and the coupon-first payment split. No I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.errors import N_, Conflict, ValidationError

# target -> the states it may come from
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "packed": frozenset({"placed"}),
    "ready": frozenset({"packed"}),
    "collected": frozenset({"ready"}),
    "delivered": frozenset({"ready"}),
    "cancelled": frozenset({"placed", "packed", "ready"}),
}
OPEN = frozenset({"placed", "packed", "ready"})
DONE = frozenset({"collected", "delivered"})
MAX_QUANTITY = 10_000

STATUS_LABELS = {
    "placed": N_("Placed"),
    "packed": N_("Packed"),
    "ready": N_("Ready"),
    "collected": N_("Collected"),
    "delivered": N_("Delivered"),
    "cancelled": N_("Cancelled"),
}
# A delivery is how an order reaches a household that cannot collect it: its
# states are named here, beside the order's, for the order page and the
# delivery pages alike.
DELIVERY_STATUS_LABELS = {
    "waiting": N_("Waiting for a volunteer"),
    "assigned": N_("Assigned"),
    "delivered": N_("Delivered"),
    "undelivered": N_("Not delivered"),
    "cancelled": N_("Cancelled"),
}
METHOD_LABELS = {
    "none": N_("Coupons only"),
    "cash": N_("Cash at pickup"),
    "promptpay": N_("PromptPay QR"),
    "card": N_("Card (Stripe)"),
}


class InvalidTransition(Conflict):
    code = "order_invalid_transition"
    message = N_("Order %(order)s is %(status)s and cannot become %(target)s")


class OrderClosed(Conflict):
    code = "order_closed"
    message = N_("Order %(order)s is already %(status)s")


class NotPaid(Conflict):
    code = "order_not_paid"
    message = N_("Order %(order)s still has %(due)s to pay")


class InvalidQuantity(ValidationError):
    code = "order_invalid_quantity"
    message = N_("The quantity of %(item)s must be a whole number from 1 to %(max)s")


class EmptyOrder(ValidationError):
    code = "order_empty"
    message = N_("Choose at least one item")


class NotOffered(ValidationError):
    code = "order_item_not_offered"
    message = N_("This item is not offered in this round")


class OverLimit(Conflict):
    code = "order_over_limit"
    message = N_("%(item)s: at most %(limit)s per household in this round; %(ordered)s already ordered")


def can_move(current: str, target: str) -> bool:
    return current in ALLOWED_FROM.get(target, frozenset())


def check_move(order_id: int, current: str, target: str) -> None:
    """Refuse a move the machine does not allow, saying why."""
    if target not in ALLOWED_FROM:
        raise ValueError(f"unknown order state {target!r}")
    if current in DONE or current == "cancelled":
        raise OrderClosed(order=order_id, status=current)
    if not can_move(current, target):
        raise InvalidTransition(order=order_id, status=current, target=target)


def effective_limit(offer_limit: int | None, item_limit: int | None) -> int | None:
    """The tighter of the round's and the item's limit per household; None: no limit."""
    limits = [x for x in (offer_limit, item_limit) if x is not None]
    return min(limits) if limits else None


def parse_quantity(value: object, item: str) -> int:
    """A whole number from 1 to MAX_QUANTITY, from a form string or JSON."""
    if isinstance(value, bool):
        raise InvalidQuantity(item=item, max=MAX_QUANTITY, field="quantity")
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            raise InvalidQuantity(item=item, max=MAX_QUANTITY, field="quantity")
        value = int(value)
    if not isinstance(value, int) or not 1 <= value <= MAX_QUANTITY:
        raise InvalidQuantity(item=item, max=MAX_QUANTITY, field="quantity")
    return value


@dataclass(frozen=True)
class Offer:
    item_id: int
    name: str
    price: int  # satang per unit
    limit: int | None  # effective limit per household in the round


@dataclass(frozen=True)
class PricedLine:
    item_id: int
    quantity: int
    unit_price: int

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


def price(wanted: Mapping[int, int], offers: Mapping[int, Offer], ordered: Mapping[int, int]) -> list[PricedLine]:
    """Lines at the offered prices, in item id order (the order stock is
    reserved in). ``ordered`` is what the household already ordered in the
    round; a line over the limit is refused here (and again, atomically, by
    the quota counter)."""
    if not wanted:
        raise EmptyOrder()
    lines = []
    for item_id in sorted(wanted):
        offer = offers.get(item_id)
        if offer is None:
            raise NotOffered(field="item")
        quantity = parse_quantity(wanted[item_id], offer.name)
        already = ordered.get(item_id, 0)
        if offer.limit is not None and already + quantity > offer.limit:
            raise OverLimit(item=offer.name, limit=offer.limit, ordered=already, field="quantity")
        lines.append(PricedLine(item_id, quantity, offer.price))
    return lines


def total(lines: Iterable[PricedLine]) -> int:
    return sum(line.amount for line in lines)


def split(due: int, balances: Iterable[tuple[int, int]]) -> tuple[list[tuple[int, int]], int]:
    """Coupons first, in the order given: ``[(coupon_id, amount)]`` taken from
    each balance until ``due`` is covered, and the rest left to pay otherwise."""
    taken = []
    rest = max(due, 0)
    for coupon_id, balance in balances:
        if rest <= 0:
            break
        amount = min(balance, rest)
        if amount > 0:
            taken.append((coupon_id, amount))
            rest -= amount
    return taken, rest
