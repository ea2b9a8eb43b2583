"""Waste-bank credit errors."""

from __future__ import annotations

from core.errors import N_, Conflict, DomainError, ValidationError
from market.catalog.wallet_order import (
    UnknownWalletOrder as UnknownWalletOrder,  # the centre's setting
)


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


class NotEnoughStoreCredit(DomainError):
    code = "store_credit_insufficient"
    status = 409
    message = N_("Only %(balance)s of store credit is left")


class InvalidCreditAmount(ValidationError):
    code = "invalid_credit_amount"
    message = N_("Enter an amount greater than zero, in whole satang")


class NothingInWallet(DomainError):
    code = "wallet_nothing_to_pay"
    status = 409
    message = N_("Nothing in this household's wallet can pay for this order now")
