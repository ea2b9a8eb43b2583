"""Coupon errors: each says exactly what is wrong, never just "invalid"."""

from __future__ import annotations

from core.errors import N_, Conflict, DomainError, Forbidden, NotFound, ValidationError


class CouponError(DomainError):
    code = "coupon_error"
    status = 409
    message = N_("This coupon cannot be used")


class CouponNotFound(NotFound):
    code = "coupon_not_found"
    message = N_("No coupon has the code %(code)s")


class NotThisTenant(Forbidden):
    code = "not_this_tenant"
    message = N_("This coupon belongs to another organisation, not this one")


class AlreadyUsed(CouponError):
    code = "coupon_already_used"
    message = N_("Already used on %(date)s at %(point)s by %(staff)s")


class Expired(CouponError):
    code = "coupon_expired"
    message = N_("This coupon expired at the end of %(date)s")


class NotYetValid(CouponError):
    code = "coupon_not_yet_valid"
    message = N_("This coupon is not valid until %(date)s")


class NotForThisItem(CouponError):
    code = "coupon_not_for_item"
    message = N_("This coupon cannot be used for %(item)s")


class Cancelled(CouponError):
    code = "coupon_cancelled"
    message = N_("This coupon was cancelled on %(date)s")


class Replaced(CouponError):
    code = "coupon_replaced"
    message = N_("This coupon was replaced by coupon %(code)s")


class InsufficientBalance(CouponError):
    code = "coupon_insufficient_balance"
    message = N_("Only %(balance)s is left on this coupon")


class KeyReused(Conflict):
    code = "idempotency_key_reused"
    message = N_("This request key was already used for a different redemption")


class AlreadyReversed(Conflict):
    code = "redemption_already_reversed"
    message = N_("This redemption was already reversed")


class NotReversible(Conflict):
    code = "redemption_not_reversible"
    message = N_("A reversal cannot itself be reversed")


class BadSignature(CouponError):
    code = "coupon_bad_signature"
    status = 400
    message = N_("This coupon QR code has been altered or was not signed by this organisation")


class RevokedKey(CouponError):
    code = "coupon_key_revoked"
    status = 400
    message = N_("This coupon QR code was signed with a withdrawn key; ask for a new card")


class TooManyAttempts(CouponError):
    code = "coupon_code_locked"
    status = 429
    message = N_("Too many wrong coupon codes; try again after %(time)s")


class InvalidAmount(ValidationError):
    code = "invalid_amount"
    message = N_("Enter an amount greater than zero")


class NotEligible(CouponError):
    code = "household_not_eligible"
    status = 422
    message = N_("Household %(household)s is not eligible for this programme")


class CannotCancel(CouponError):
    code = "coupon_cannot_cancel"
    message = N_("Only an unused or partly used coupon can be cancelled or re-issued")


class UnknownHouseholds(ValidationError):
    """Issuing to a list of households: ids this organisation has no
    household for. Nothing is issued; every unknown id is named."""

    code = "unknown_households"
    message = N_("No household has these ids, so nothing was issued: %(ids)s")

    def __init__(self, unknown: list[int]):
        super().__init__(field="household_ids", ids=", ".join(str(i) for i in unknown))
        self.details = {"unknown_household_ids": list(unknown)}


class ValidityPassed(ValidationError):
    code = "validity_passed"
    message = N_("The last valid day, %(date)s, has already passed: coupons would be expired when issued")
