"""Why a loan action is refused."""

from __future__ import annotations

from core.errors import N_, Conflict, NotFound, ValidationError


class ProductNotFound(NotFound):
    code = "welfare_loan_product_not_found"
    message = N_("Loan product not found")


class LoanNotFound(NotFound):
    code = "welfare_loan_not_found"
    message = N_("Loan not found")


class GroupNotFound(NotFound):
    code = "welfare_loan_group_not_found"
    message = N_("Loan group not found")


class InstallmentNotFound(NotFound):
    code = "welfare_installment_not_found"
    message = N_("Installment not found")


class BadTerms(ValidationError):
    code = "welfare_loan_bad_terms"


class AmountNotPositive(ValidationError):
    code = "welfare_loan_amount_not_positive"
    message = N_("The amount must be more than zero")


class AmountOverProductMax(ValidationError):
    code = "welfare_loan_over_max"
    message = N_("This product lends at most %(max)s")


class ProductOfAnotherFund(ValidationError):
    code = "welfare_loan_product_other_fund"
    message = N_("This loan product belongs to another fund")


class ProductInactive(Conflict):
    code = "welfare_loan_product_inactive"
    message = N_("This loan product is no longer offered")


class LendingForbidden(Conflict):
    code = "welfare_loan_lending_forbidden"
    message = N_("This fund does not lend money")


class BorrowerNotFound(ValidationError):
    code = "welfare_loan_borrower_not_found"
    message = N_("Choose the borrower from the registry")


class GuarantorIsBorrower(ValidationError):
    code = "welfare_loan_guarantor_is_borrower"
    message = N_("The borrower cannot guarantee their own loan")


class WrongStatus(Conflict):
    code = "welfare_loan_wrong_status"
    message = N_("This cannot be done to a loan that is %(status)s")


class RepaymentTooLarge(ValidationError):
    code = "welfare_loan_repayment_too_large"
    message = N_("Only %(owed)s is owed on this loan; the amount %(amount)s is more than that")


class DateBeforeDisbursement(ValidationError):
    code = "welfare_loan_date_before_disbursement"
    message = N_("The date cannot be before the loan was paid out (%(date)s)")


class RescheduleOverlaps(ValidationError):
    code = "welfare_loan_reschedule_overlaps"
    message = N_(
        "The new schedule cannot start before %(date)s: interest up to that day is already due"
        " and would be charged twice"
    )


class DateInFuture(ValidationError):
    code = "welfare_loan_date_in_future"
    message = N_("The date cannot be in the future")


class ReasonRequired(ValidationError):
    code = "welfare_loan_reason_required"
    message = N_("Give the reason")


class NothingOutstanding(Conflict):
    code = "welfare_loan_nothing_outstanding"
    message = N_("Nothing is outstanding on this loan")


class UnknownMethod(ValidationError):
    code = "welfare_loan_unknown_method"
    message = N_("Choose how the money was paid")


class NameRequired(ValidationError):
    code = "welfare_loan_name_required"
    message = N_("Give it a name")


class NameTaken(ValidationError):
    code = "welfare_loan_name_taken"
    message = N_("This name is already used in this fund")


class BadAllocationOrder(ValidationError):
    code = "welfare_loan_bad_allocation_order"
    message = N_("The allocation order names fee, interest and principal once each")


SCHEDULE_MESSAGES = {
    "Unknown interest method": N_("Unknown interest method"),
    "Choose weekly or monthly": N_("Choose weekly or monthly"),
    "The term must be between 1 and 260 installments": N_(
        "The term must be between 1 and 260 installments"
    ),
    "Grace must be between 0 and 24 periods": N_("Grace must be between 0 and 24 periods"),
    "The amount must be more than zero": N_("The amount must be more than zero"),
    "The amount must be at least one baht per installment": N_(
        "The amount must be at least one baht per installment"
    ),
    "The fee cannot be negative": N_("The fee cannot be negative"),
    "The interest rate must be between 0 and 100 percent a year": N_(
        "The interest rate must be between 0 and 100 percent a year"
    ),
    "A zero-interest product has no rate": N_("A zero-interest product has no rate"),
}


def from_schedule(exc) -> BadTerms:
    field = {"principal": "amount"}.get(exc.field, exc.field)
    return BadTerms(SCHEDULE_MESSAGES.get(str(exc), str(exc)), field=field)
