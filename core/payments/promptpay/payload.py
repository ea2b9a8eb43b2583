"""PromptPay payloads: EMVCo merchant-presented QR as the Thai QR Payment
standard profiles it.

A payload is a run of TLV fields (2-digit id, 2-digit length, value)::

    00 "01"                    payload format
    01 "11" | "12"             static (payer types the amount) | with an amount
    29 | 30                    transfer (phone, ID, e-wallet) | bill payment
    58 "TH"   53 "764"         country, currency (baht)
    54 "100.00"                amount, when there is one
    59 / 60                    payee name / city, optional
    62 { 05 reference }        additional data, optional
    63 CRC                     CRC-16/CCITT-FALSE over all that precedes it and "6304"

``58`` comes before ``53`` as in the published examples; EMVCo fixes only the
first (00) and the last (63) field.

Usage::

    build(mobile("081-234-5678"), Money.baht("100.00"))
    build(bill_payment("010753600031501", ref_for("order", 42)))
    parse(text)  # -> Decoded, after checking the CRC
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.th import pin, tin

from core.i18n.formatting import format_thb
from core.money import Money
from core.payments.promptpay.crc import checksum
from core.payments.promptpay.errors import (
    AmountNotPositive,
    AmountOverLimit,
    ChecksumMismatch,
    InvalidBillerId,
    InvalidCity,
    InvalidEwalletId,
    InvalidMerchantName,
    InvalidNationalId,
    InvalidPayload,
    InvalidPhone,
    InvalidReference,
    InvalidTaxId,
    NotAMobile,
)

AID_TRANSFER = "A000000677010111"  # tag 29: PromptPay credit transfer
AID_BILL_PAYMENT = "A000000677010112"  # tag 30: PromptPay bill payment
CURRENCY_THB = "764"
COUNTRY_TH = "TH"
STATIC, DYNAMIC = "11", "12"
DEFAULT_LIMIT = Money.baht(2_000_000)

MOBILE, ID, EWALLET, BILLER = "mobile", "id", "ewallet", "biller"
_TRANSFER_SUBTAG = {MOBILE: "01", ID: "02", EWALLET: "03"}
_TRANSFER_KIND = {v: k for k, v in _TRANSFER_SUBTAG.items()}

_REF = re.compile(r"[A-Z0-9]{1,20}")
_PHONE_TEXT = re.compile(r"\+?[0-9 ().\-]{9,20}")
_SEPARATORS = re.compile(r"[ \-.]")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]+")
_PAYLOAD_AMOUNT = re.compile(r"\d{1,10}(\.\d{1,2})?")

REF_PREFIXES = {"order": "ORD", "installment": "INS", "contribution": "CON"}


@dataclass(frozen=True, slots=True)
class Payee:
    """Who is paid: ``kind`` is mobile, id, ewallet (tag 29) or biller (tag 30);
    ``account`` is the value as the payload carries it (``0066812345678`` for a
    phone); a biller takes ``ref1`` and maybe ``ref2``."""

    kind: str
    account: str
    ref1: str | None = None
    ref2: str | None = None

    @property
    def tag(self) -> str:
        return "30" if self.kind == BILLER else "29"

    def tlv(self) -> str:
        if self.kind == BILLER:
            value = tlv("00", AID_BILL_PAYMENT) + tlv("01", self.account) + tlv("02", self.ref1)
            if self.ref2:
                value += tlv("03", self.ref2)
        else:
            value = tlv("00", AID_TRANSFER) + tlv(_TRANSFER_SUBTAG[self.kind], self.account)
        return tlv(self.tag, value)

    @property
    def local_phone(self) -> str | None:
        """``0812345678`` for a mobile payee, else None."""
        if self.kind != MOBILE:
            return None
        return "0" + self.account.lstrip("0")[2:]


@dataclass(frozen=True, slots=True)
class Decoded:
    """A payload read back by :func:`parse`; ``fields`` holds every top-level
    tag's raw value."""

    payee: Payee
    amount: Money | None
    reference: str | None = None
    merchant_name: str | None = None
    city: str | None = None
    fields: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def static(self) -> bool:
        return self.fields.get("01") == STATIC


def tlv(tag: str, value: str) -> str:
    """One field: ``tag`` (2 digits), the length of ``value`` (2 digits), ``value``."""
    if len(tag) != 2 or not tag.isdigit():
        raise ValueError(f"tag must be two digits: {tag!r}")
    if not 0 < len(value) <= 99:
        raise ValueError(f"tag {tag}: a value holds 1 to 99 characters")
    return f"{tag}{len(value):02d}{value}"


# -- payees --------------------------------------------------------------------


def mobile(phone: str) -> Payee:
    """A Thai mobile number in any usual form: ``0812345678``, ``081-234-5678``,
    ``+66 81 234 5678``. A landline is refused."""
    text = (phone or "").strip()
    if not _PHONE_TEXT.fullmatch(text):
        raise InvalidPhone()
    try:
        number = phonenumbers.parse(text, "TH")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone() from exc
    if number.country_code != 66 or not phonenumbers.is_valid_number(number):
        raise InvalidPhone()
    kind = phonenumbers.number_type(number)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise NotAMobile()
    national = phonenumbers.national_significant_number(number)
    return Payee(MOBILE, ("66" + national).rjust(13, "0"))


def national_id(number: str) -> Payee:
    """A 13-digit Thai national ID (checked with its check digit)."""
    try:
        return Payee(ID, pin.validate(_digits_text(number)))
    except StdnumError as exc:
        raise InvalidNationalId() from exc


def tax_id(number: str) -> Payee:
    """A 13-digit Thai tax ID: a person's national ID or a juristic person's."""
    try:
        return Payee(ID, tin.validate(_digits_text(number)))
    except StdnumError as exc:
        raise InvalidTaxId() from exc


def ewallet(number: str) -> Payee:
    """A 15-digit e-wallet ID."""
    compact = _digits_text(number)
    if len(compact) != 15 or not compact.isascii() or not compact.isdigit():
        raise InvalidEwalletId()
    return Payee(EWALLET, compact)


def bill_payment(biller_id: str, ref1: str, ref2: str | None = None) -> Payee:
    """Tag 30: the biller's 15-digit ID (its 13-digit tax ID and a 2-digit
    suffix), Ref1 (what is paid, see :func:`ref_for`) and an optional Ref2."""
    compact = _digits_text(biller_id)
    if len(compact) != 15 or not compact.isascii() or not compact.isdigit():
        raise InvalidBillerId()
    try:
        tin.validate(compact[:13])
    except StdnumError as exc:
        raise InvalidBillerId() from exc
    return Payee(BILLER, compact, check_reference(ref1, "ref1"), _optional_ref(ref2, "ref2"))


def _digits_text(text: str) -> str:
    return _SEPARATORS.sub("", (text or "").strip())


# -- references, amounts, names --------------------------------------------------


def check_reference(ref: str | None, field_name: str = "ref1") -> str:
    """Ref1/Ref2/reference label: A-Z and 0-9 only, 1 to 20 characters."""
    if not isinstance(ref, str) or not _REF.fullmatch(ref):
        raise InvalidReference(field=field_name)
    return ref


def _optional_ref(ref: str | None, field_name: str) -> str | None:
    return None if ref is None or ref == "" else check_reference(ref, field_name)


def ref_for(what: str, number: int) -> str:
    """The Ref1 naming what a payment is for, e.g. ``ref_for("order", 42)`` ->
    ``ORD42``; a bank line carrying it is matched back with :func:`read_ref`."""
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        raise ValueError("a reference names a positive id")
    return check_reference(f"{REF_PREFIXES[what]}{number}")


def read_ref(ref: str | None) -> tuple[str, int] | None:
    """``("order", 42)`` from ``ORD42``; None when the reference is not ours."""
    text = (ref or "").strip().upper()
    for what, prefix in REF_PREFIXES.items():
        rest = text.removeprefix(prefix)
        if rest != text and rest.isascii() and rest.isdigit() and not rest.startswith("0"):
            return what, int(rest)
    return None


def check_amount(amount: Money, limit: Money = DEFAULT_LIMIT) -> Money:
    """More than zero and at most ``limit``."""
    if not isinstance(amount, Money):
        raise TypeError("amount is Money")
    if amount.satang <= 0:
        raise AmountNotPositive()
    if amount > limit:
        raise AmountOverLimit(limit=format_thb(limit))
    return amount


def _amount_text(amount: Money) -> str:
    baht, satang = divmod(amount.satang, 100)
    return f"{baht}.{satang:02d}"


def _ascii_text(text: str | None, longest: int, error: type) -> str | None:
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > longest or not _PRINTABLE_ASCII.fullmatch(text):
        raise error()
    return text


# -- building --------------------------------------------------------------------


def build(
    payee: Payee,
    amount: Money | None = None,
    *,
    reference: str | None = None,
    merchant_name: str | None = None,
    city: str | None = None,
    limit: Money = DEFAULT_LIMIT,
) -> str:
    """The payload text: static without ``amount``, dynamic with one.
    ``reference`` goes in tag 62 (reference label) and follows the Ref1 rules."""
    if amount is not None:
        check_amount(amount, limit)
    reference = _optional_ref(reference, "reference")
    merchant_name = _ascii_text(merchant_name, 25, InvalidMerchantName)
    city = _ascii_text(city, 15, InvalidCity)
    parts = [
        tlv("00", "01"),
        tlv("01", STATIC if amount is None else DYNAMIC),
        payee.tlv(),
        tlv("58", COUNTRY_TH),
        tlv("53", CURRENCY_THB),
    ]
    if amount is not None:
        parts.append(tlv("54", _amount_text(amount)))
    if merchant_name:
        parts.append(tlv("59", merchant_name))
    if city:
        parts.append(tlv("60", city))
    if reference:
        parts.append(tlv("62", tlv("05", reference)))
    body = "".join(parts) + "6304"
    return body + checksum(body)


# -- parsing ---------------------------------------------------------------------


def parse(payload: str) -> Decoded:
    """Read a payload back, after checking its CRC; anything that is not a
    well-formed Thai PromptPay payload raises :class:`InvalidPayload`."""
    if not isinstance(payload, str) or len(payload) < 8 or payload[-8:-4] != "6304":
        raise InvalidPayload()
    if checksum(payload[:-4]) != payload[-4:]:
        raise ChecksumMismatch()
    fields = decode_tlv(payload)
    if next(iter(fields)) != "00" or fields["00"] != "01" or list(fields)[-1] != "63":
        raise InvalidPayload()
    if fields.get("58") != COUNTRY_TH or fields.get("53") != CURRENCY_THB:
        raise InvalidPayload()
    if fields.get("01") not in (STATIC, DYNAMIC) or ("29" in fields) == ("30" in fields):
        raise InvalidPayload()
    payee = _read_transfer(fields["29"]) if "29" in fields else _read_bill(fields["30"])
    extra = decode_tlv(fields["62"]) if "62" in fields else {}
    return Decoded(
        payee=payee,
        amount=_read_amount(fields.get("54")),
        reference=extra.get("05"),
        merchant_name=fields.get("59"),
        city=fields.get("60"),
        fields=fields,
    )


def decode_tlv(text: str) -> dict[str, str]:
    """Tag -> value, in order; a malformed run or a repeated tag is refused."""
    fields: dict[str, str] = {}
    at = 0
    while at < len(text):
        tag, size = text[at : at + 2], text[at + 2 : at + 4]
        if not (tag.isascii() and tag.isdigit() and size.isascii() and size.isdigit()):
            raise InvalidPayload()
        value = text[at + 4 : at + 4 + int(size)]
        if len(value) != int(size) or tag in fields:
            raise InvalidPayload()
        fields[tag] = value
        at += 4 + int(size)
    return fields


def _read_transfer(value: str) -> Payee:
    sub = decode_tlv(value)
    kinds = [_TRANSFER_KIND[t] for t in sub if t in _TRANSFER_KIND]
    if sub.get("00") != AID_TRANSFER or len(kinds) != 1:
        raise InvalidPayload()
    account = sub[_TRANSFER_SUBTAG[kinds[0]]]
    expected = 15 if kinds[0] == EWALLET else 13
    if len(account) != expected or not (account.isascii() and account.isdigit()):
        raise InvalidPayload()
    return Payee(kinds[0], account)


def _read_bill(value: str) -> Payee:
    sub = decode_tlv(value)
    biller = sub.get("01", "")
    if sub.get("00") != AID_BILL_PAYMENT or len(biller) != 15 or not _ascii_digits(biller):
        raise InvalidPayload()
    return Payee(BILLER, biller, sub.get("02"), sub.get("03"))


def _read_amount(text: str | None) -> Money | None:
    if text is None:
        return None
    if not _PAYLOAD_AMOUNT.fullmatch(text):
        raise InvalidPayload()
    amount = Money.parse(text)
    if amount.satang <= 0:
        raise InvalidPayload()
    return amount


def _ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
