"""Why a resolution, a disbursement or an approval is refused."""

from __future__ import annotations

from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from welfare.funds.validate import (
    AmountNotPositive as AmountNotPositive,  # where amounts are checked
)


class ResolutionNotFound(NotFound):
    code = "welfare_resolution_not_found"
    message = N_("Resolution not found")


class ResolutionOfAnotherFund(ValidationError):
    code = "welfare_resolution_other_fund"
    message = N_("This resolution belongs to another fund")


class ResolutionWrongKind(ValidationError):
    code = "welfare_resolution_kind"
    message = N_("A resolution on %(kind)s cannot be used for this")


class ResolutionExpired(Conflict):
    code = "welfare_resolution_expired"
    message = N_("This resolution was valid until %(date)s")


class ResolutionRevoked(Conflict):
    code = "welfare_resolution_revoked"
    message = N_("This resolution has been revoked")


class ResolutionExhausted(Conflict):
    code = "welfare_resolution_exhausted"
    message = N_("The resolution allows only %(remaining)s more; %(needed)s was asked")


class DisbursementNotFound(NotFound):
    code = "welfare_disbursement_not_found"
    message = N_("Disbursement request not found")


class NotPending(Conflict):
    code = "welfare_disbursement_not_pending"
    message = N_("This request is no longer waiting for approvals (%(status)s)")


class MakerCannotApprove(Forbidden):
    code = "welfare_maker_cannot_approve"
    message = N_("The person who made a request cannot approve or reject it")


class NotASignatory(Forbidden):
    code = "welfare_not_signatory"
    message = N_("You are not an authorised signatory of this fund")


class SignatoryExpired(Forbidden):
    code = "welfare_signatory_expired"
    message = N_("Your signing authority for this fund is not valid today")


class AlreadyDecided(Conflict):
    code = "welfare_already_decided"
    message = N_("You have already given your decision on this request")


class ReasonRequired(ValidationError):
    code = "welfare_reason_required"
    message = N_("Give a reason for the rejection")


class TooFewSignatories(Conflict):
    code = "welfare_too_few_signatories"
    message = N_("This fund needs %(required)s approvals but has only %(available)s valid signatories besides the requester")


class LendingForbidden(Conflict):
    code = "welfare_lending_forbidden"
    message = N_("This fund does not lend money")


class FundInactive(Conflict):
    code = "welfare_fund_inactive"
    message = N_("This fund is closed")


class BudgetLineOfAnotherFund(ValidationError):
    code = "welfare_budget_line_other_fund"
    message = N_("This budget line belongs to another fund")


class BudgetLineExceeded(Conflict):
    code = "welfare_budget_line_exceeded"
    message = N_("The budget line %(line)s has only %(remaining)s left; spending beyond it needs a budget-change resolution")


class BudgetCapExceeded(Conflict):
    code = "welfare_budget_cap_exceeded"
    message = N_("The budget line %(line)s may not exceed %(cap)s%% of the budget (%(limit)s)")


class BudgetNotApproved(Conflict):
    code = "welfare_budget_not_approved"
    message = N_("The budget %(budget)s is not approved by a resolution yet: nothing can be charged to it")


class BudgetEmpty(ValidationError):
    code = "welfare_budget_empty"
    message = N_("Add the budget's lines before it is approved")


class NotEnoughAvailable(ValidationError):
    code = "welfare_not_enough_available"
    message = N_(
        "Only %(available)s can be paid from this account now (what it holds less the requests"
        " waiting for approval); this request needs %(needed)s"
    )


class MeetingInFuture(ValidationError):
    code = "welfare_meeting_in_future"
    message = N_("A meeting cannot be recorded before it is held (today is %(today)s)")


class ResolutionMeetingInFuture(Conflict):
    code = "welfare_resolution_meeting_in_future"
    message = N_("This resolution's meeting is dated %(date)s, after today: it cannot be used")


class MinutesRequired(Conflict):
    code = "welfare_minutes_required"
    message = N_("This fund uses a resolution only once the minutes of its meeting are attached")


class ResolutionNumberTaken(ValidationError):
    code = "welfare_resolution_number_taken"
    message = N_("Resolution number %(number)s is already used in this fund in %(year)s")


class PurposeRequired(ValidationError):
    code = "welfare_purpose_required"
    message = N_("Say what the money is for")
