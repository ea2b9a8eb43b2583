"""Waste-bank credit errors."""

from __future__ import annotations

from core.errors import N_, Conflict, DomainError, ValidationError


class NotEnoughCredit(DomainError):
    code = "wallet_insufficient"
    status = 409
    message = N_("Only %(balance)s of waste-bank credit is left")


class InvalidWeight(ValidationError):
    code = "invalid_weight"
    message = N_("Enter a weight greater than zero")


class WalletKeyReused(Conflict):
    code = "idempotency_key_reused"
    message = N_("This request key was already used for a different redemption")


class AlreadyReversed(Conflict):
    code = "wallet_already_reversed"
    message = N_("This spend was already reversed")
