"""What can be wrong with a PromptPay QR request, each with a stable ``code``,
the ``field`` it belongs to and a message translated when shown."""

from __future__ import annotations

from core.errors import N_, ValidationError


class PromptPayError(ValidationError):
    code = "promptpay_invalid"
    message = N_("This PromptPay QR code cannot be made")
    field_name: str | None = None  # the field an error belongs to unless told

    def __init__(self, message: str | None = None, *, field: str | None = None, **params):
        super().__init__(message, field=field or self.field_name, **params)


class InvalidPhone(PromptPayError):
    code = "promptpay_invalid_phone"
    message = N_("Enter a Thai mobile number, such as 081-234-5678")
    field_name = "phone"


class NotAMobile(InvalidPhone):
    code = "promptpay_not_a_mobile"
    message = N_("PromptPay to a phone needs a mobile number, not a landline")


class InvalidNationalId(PromptPayError):
    code = "promptpay_invalid_national_id"
    message = N_("Enter the 13-digit national ID number; a digit looks wrong")
    field_name = "national_id"


class InvalidTaxId(PromptPayError):
    code = "promptpay_invalid_tax_id"
    message = N_("Enter the 13-digit tax ID; a digit looks wrong")
    field_name = "tax_id"


class InvalidEwalletId(PromptPayError):
    code = "promptpay_invalid_ewallet_id"
    message = N_("Enter the 15-digit e-wallet ID")
    field_name = "ewallet_id"


class InvalidBillerId(PromptPayError):
    code = "promptpay_invalid_biller_id"
    message = N_("Enter the 15-digit biller ID: the 13-digit tax ID and a 2-digit suffix")
    field_name = "biller_id"


class InvalidReference(PromptPayError):
    code = "promptpay_invalid_reference"
    message = N_(
        "A reference may hold only capital letters A-Z and digits 0-9, at most 20 characters"
    )
    field_name = "ref1"


class AmountNotPositive(PromptPayError):
    code = "promptpay_amount_not_positive"
    message = N_("The amount must be more than zero")
    field_name = "amount"


class AmountOverLimit(PromptPayError):
    """Raised with ``limit=`` the formatted limit, e.g. ``฿2,000,000.00``."""

    code = "promptpay_amount_over_limit"
    message = N_("The amount must be at most %(limit)s")
    field_name = "amount"


class InvalidMerchantName(PromptPayError):
    code = "promptpay_invalid_merchant_name"
    message = N_("The payee name on the code must be in English letters, at most 25 characters")
    field_name = "merchant_name"


class InvalidCity(PromptPayError):
    code = "promptpay_invalid_city"
    message = N_("The city on the code must be in English letters, at most 15 characters")
    field_name = "city"


class InvalidPayload(PromptPayError):
    code = "promptpay_invalid_payload"
    message = N_("This is not a PromptPay QR code")
    field_name = "payload"


class ChecksumMismatch(InvalidPayload):
    code = "promptpay_checksum_mismatch"
    message = N_("This QR code is damaged: its checksum does not match")
