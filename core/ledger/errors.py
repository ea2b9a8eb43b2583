"""Why the ledger refuses a post, a reversal or a period close. Messages are
English msgids with ``%(name)s`` parameters, translated when shown."""

from __future__ import annotations

from core.errors import N_, Conflict, DomainError, NotFound


class LedgerError(DomainError):
    code = "ledger_refused"
    status = 422


class Unbalanced(LedgerError):
    code = "ledger_unbalanced"
    message = N_("Debits (%(debits)s) and credits (%(credits)s) must be equal")


class TooFewLines(LedgerError):
    code = "ledger_too_few_lines"
    message = N_("An entry needs at least two lines")


class ZeroAmount(LedgerError):
    code = "ledger_zero_amount"
    message = N_("Each line needs an amount other than zero")


class CrossTenant(LedgerError):
    code = "ledger_unknown_account"
    message = N_("Account %(account)s does not belong to this organisation")


class InsufficientFunds(LedgerError):
    code = "ledger_insufficient_funds"
    status = 409
    message = N_("Not enough in %(account)s: %(available)s available, %(needed)s needed")


class PeriodClosed(LedgerError):
    code = "ledger_period_closed"
    status = 409
    message = N_("The books of %(book)s are closed through %(closed_through)s; date the entry after it")


class IdempotencyConflict(Conflict):
    code = "ledger_idempotency_conflict"
    message = N_("Key %(key)s was already used for a different entry")


class AlreadyReversed(Conflict):
    code = "ledger_already_reversed"
    message = N_("Entry %(entry)s has already been reversed")


class ReversalOfReversal(LedgerError):
    code = "ledger_reversal_of_reversal"
    message = N_("A reversal cannot itself be reversed; post a new entry instead")


class PeriodBackwards(LedgerError):
    code = "ledger_period_backwards"
    status = 409
    message = N_("The books of %(book)s are already closed through %(closed_through)s; a close cannot move backwards")


class EntryNotFound(NotFound):
    code = "ledger_entry_not_found"
    message = N_("Journal entry not found")


class InvalidAccountType(LedgerError):
    code = "ledger_account_type"
    message = N_("Unknown account type %(type)s")


class ReservedAccount(LedgerError):
    code = "ledger_reserved_account"
    status = 409
    message = N_(
        "Account %(account)s is kept by its own process (%(process)s); it cannot be posted or reversed by hand"
    )
