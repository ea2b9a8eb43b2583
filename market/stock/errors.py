"""Why a stock operation is refused. Messages are English msgids translated
when shown."""

from __future__ import annotations

from core.errors import N_, Conflict, NotFound, ValidationError


class NotEnoughStock(Conflict):
    code = "market_not_enough_stock"
    message = N_("Not enough stock of %(item)s: %(available)s available, %(needed)s needed")


class NotEnoughReserved(Conflict):
    code = "market_not_enough_reserved"
    message = N_(
        "Only %(reserved)s of %(item)s are reserved; %(needed)s cannot be taken from the reservation"
    )


class InvalidQuantity(ValidationError):
    code = "market_invalid_quantity"
    message = N_("Enter a whole number greater than zero")


class UnknownKind(ValidationError):
    code = "market_unknown_movement_kind"
    message = N_("Unknown kind of stock movement: %(kind)s")


class ItemNotFound(NotFound):
    message = N_("This item does not exist in this organisation")


class CentreNotFound(NotFound):
    message = N_("This centre does not exist in this organisation")


class ReasonRequired(ValidationError):
    code = "market_reason_required"
    message = N_("Give a reason for the adjustment")
