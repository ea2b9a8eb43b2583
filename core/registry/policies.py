"""Pure rules of the registry: validating and normalising what people type
(Thai national IDs, phones, Buddhist-Era dates, yes/no flags) and masking what
is sensitive. No I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import phonenumbers
from flask_babel import lazy_gettext as _l
from stdnum.th import pin

from core.errors import N_, ValidationError
from core.forms import parse

MIN_BIRTH_YEAR = 1900


class InvalidNationalId(ValidationError):
    code = "invalid_national_id"
    message = N_("A national ID has 13 digits")


class InvalidPhone(ValidationError):
    code = "invalid_phone"
    message = N_("This is not a valid Thai phone number")


InvalidDate = parse.InvalidDate
DATE_FORMATS = N_("Write the date as YYYY-MM-DD or DD/MM/YYYY")


class InvalidFlag(ValidationError):
    code = "invalid_flag"
    message = N_("Write 1 or 0, yes or no, ใช่ or ไม่")


class InvalidChoice(ValidationError):
    code = "invalid_choice"
    message = N_("This value is not one of the choices")


Required = parse.Required


class FieldErrors(ValidationError):
    """Several fields failed at once; ``errors`` holds one error per field."""

    code = "invalid"

    def __init__(self, errors: list[ValidationError]):
        first = errors[0]
        super().__init__(first.message, field=first.field, **first.params)
        self.code = first.code
        self.errors = errors

    def by_field(self) -> dict[str, ValidationError]:
        return {e.field or "": e for e in self.errors}


# --- national ID ------------------------------------------------------------


def normalise_national_id(raw: str | None, field: str = "national_id") -> str | None:
    """13 digits with a valid check digit; dashes, spaces and Thai digits are
    accepted. An ID beginning with 0 (people registered without Thai
    nationality) is valid too: python-stdnum refuses it, so only its
    check-digit formula is used here."""
    if raw is None or not str(raw).strip():
        return None
    digits = pin.compact(str(raw).translate(_THAI_DIGITS).translate(_SEPARATORS))
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 13 or digits[0] == "9":
        raise InvalidNationalId(field=field)
    if digits[-1] != pin.calc_check_digit(digits):
        raise InvalidNationalId(
            N_("The national ID check digit is wrong: please check each digit"), field=field
        )
    return digits


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# no-break spaces and the dashes a word processor or phone keyboard types
_SEPARATORS = str.maketrans(dict.fromkeys("\u00a0\u202f\u2007\u2010\u2011\u2012\u2013\u2014\u2212"))

# What the first digit of a national ID says about how its holder was
# registered (the civil registration's categories).
NATIONAL_ID_CATEGORIES: dict[str, str] = {
    "1": N_("Thai national, birth registered on time (born from 1984)"),
    "2": N_("Thai national, birth registered late (born from 1984)"),
    "3": N_("Thai national or resident alien in a house registration before 31 May 1984"),
    "4": N_("Thai national or resident alien added to a house registration before receiving an ID"),
    "5": N_("Thai national added to a house registration after being left out"),
    "6": N_("Person without Thai nationality living in Thailand temporarily or entered illegally"),
    "7": N_("Child born in Thailand of a person of category 6"),
    "8": N_("Resident alien or naturalised Thai national after 31 May 1984"),
    "0": N_("Person without Thai nationality or without registration status"),
}


def national_id_category(national_id: str | None) -> str:
    """The English msgid naming the category of a (normalised) national ID,
    or "" if there is none."""
    if not national_id or len(national_id) != 13:
        return ""
    return NATIONAL_ID_CATEGORIES.get(national_id[0], "")


def mask_national_id(national_id: str | None) -> str:
    """``x-xxxx-xxxxx-12-3``: only the last three digits are visible."""
    if not national_id:
        return ""
    d = national_id
    if len(d) != 13:
        return "x" * max(len(d) - 3, 0) + d[-3:]
    return f"x-xxxx-xxxxx-{d[10:12]}-{d[12]}"


# --- phone ------------------------------------------------------------------


def normalise_phone(raw: str | None, field: str = "phone") -> str | None:
    """A Thai number (mobile or landline) in E.164, e.g. ``+66812345678``."""
    if raw is None or not str(raw).strip():
        return None
    try:
        number = phonenumbers.parse(str(raw).strip(), "TH")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(field=field) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _national_digits(e164: str) -> str:
    if e164.startswith("+66"):
        return "0" + e164[3:]
    return re.sub(r"\D", "", e164)


def mask_phone(phone: str | None) -> str:
    """``08x-xxx-5678``: the first two and last four digits are visible."""
    if not phone:
        return ""
    d = _national_digits(phone)
    if len(d) < 7:
        return "x" * len(d)
    if len(d) == 10:
        return f"{d[:2]}x-xxx-{d[-4:]}"
    return f"{d[:2]}{'x' * (len(d) - 6)}-{d[-4:]}"


def format_phone(phone: str | None) -> str:
    """The full number as Thais write it (``081-234-5678``), for staff who call."""
    if not phone:
        return ""
    d = _national_digits(phone)
    if len(d) == 10:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


# --- dates ------------------------------------------------------------------

def parse_date(raw: str | date | None, field: str = "birth_date") -> date | None:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY``, the year Gregorian or Buddhist Era."""
    return parse.typed_date(raw, field, message=DATE_FORMATS)


def check_birth_date(value: date | None, today: date, field: str = "birth_date") -> date | None:
    """Not in the future and not before 1900."""
    if value is None:
        return None
    if value > today:
        raise InvalidDate(N_("A birth date cannot be in the future"), field=field)
    if value.year < MIN_BIRTH_YEAR:
        raise InvalidDate(N_("A birth date cannot be before 1900"), field=field)
    return value


def parse_birth_date(raw: str | date | None, today: date, field: str = "birth_date") -> date | None:
    return check_birth_date(parse_date(raw, field), today, field)


# --- flags and small choices ------------------------------------------------

_TRUE = {"1", "y", "yes", "true", "t", "ใช่", "x", "✓"}
_FALSE = {"0", "n", "no", "false", "f", "ไม่", "ไม่ใช่", ""}


def parse_flag(raw: str | bool | None, field: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = (raw or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidFlag(field=field)


SEXES = {"m": "M", "f": "F", "x": "X", "ชาย": "M", "หญิง": "F", "male": "M", "female": "F"}


def parse_sex(raw: str | None, field: str = "sex") -> str | None:
    text = (raw or "").strip().lower()
    if not text:
        return None
    if text not in SEXES:
        raise InvalidChoice(field=field)
    return SEXES[text]


def require_text(raw: str | None, field: str, max_length: int) -> str:
    return parse.text(raw, field, max_length=max_length, required=True)


def name_text(raw: str | None, field: str, max_length: int, *, required: bool) -> str | None:
    """A person's or place's name: zero-width characters dropped, and no word
    disguised in two scripts."""
    from core.text import clean_name, mixed_script_words

    text = clean_name(raw)
    if mixed_script_words(text):
        raise ValidationError(
            N_(
                "A word mixes letters of different alphabets (for example Latin and Cyrillic); please retype it"
            ),
            field=field,
        )
    return (
        require_text(text, field, max_length)
        if required
        else optional_text(text, field, max_length)
    )


def optional_text(raw: str | None, field: str, max_length: int) -> str | None:
    return parse.text(raw, field, max_length=max_length) or None


def parse_moo(raw: str | int | None, field: str = "moo") -> int | None:
    moo = parse.whole(raw, field, message=N_("The village number must be a whole number"))
    if moo is not None and not 1 <= moo <= 999:
        raise ValidationError(N_("The village number must be between 1 and 999"), field=field)
    return moo


# Labels of the vulnerability flags (msgids), for pages and reports.
FLAG_LABELS = {
    "elderly": _l("Elderly"),
    "disabled": _l("Disabled"),
    "bedridden": _l("Bedridden"),
    "chronic_illness": _l("Chronic illness"),
    "hardship": _l("Hardship"),
}


# --- whole records ----------------------------------------------------------

VULNERABILITY_FIELDS = tuple(FLAG_LABELS)


class _Collector:
    def __init__(self) -> None:
        self.out: dict[str, Any] = {}
        self.errors: list[ValidationError] = []

    def run(self, field: str, fn: Callable[[], Any]) -> None:
        try:
            self.out[field] = fn()
        except ValidationError as exc:
            exc.field = exc.field or field
            self.errors.append(exc)

    def result(self) -> dict[str, Any]:
        if self.errors:
            raise FieldErrors(self.errors)
        return self.out


def clean_person(data: dict[str, Any], today: date) -> dict[str, Any]:
    """Validate and normalise a person's fields; every bad field is reported."""
    c = _Collector()
    c.run("title_th", lambda: optional_text(data.get("title_th"), "title_th", 40))
    c.run(
        "first_name_th",
        lambda: name_text(data.get("first_name_th"), "first_name_th", 100, required=True),
    )
    c.run(
        "last_name_th",
        lambda: name_text(data.get("last_name_th"), "last_name_th", 100, required=False) or "",
    )
    c.run(
        "first_name_en",
        lambda: name_text(data.get("first_name_en"), "first_name_en", 100, required=False),
    )
    c.run(
        "last_name_en",
        lambda: name_text(data.get("last_name_en"), "last_name_en", 100, required=False),
    )
    c.run("national_id", lambda: normalise_national_id(data.get("national_id")))
    c.run("phone", lambda: normalise_phone(data.get("phone")))
    c.run("birth_date", lambda: parse_birth_date(data.get("birth_date"), today))
    c.run("sex", lambda: parse_sex(data.get("sex")))
    for flag in VULNERABILITY_FIELDS:
        c.run(flag, partial(_flag, data, flag))
    return c.result()


def _flag(data: dict[str, Any], field: str) -> bool:
    return parse_flag(data.get(field), field)


def clean_household(data: dict[str, Any]) -> dict[str, Any]:
    c = _Collector()
    c.run("code", lambda: require_text(data.get("code"), "code", 40))
    c.run("address", lambda: optional_text(data.get("address"), "address", 500))
    c.run("notes", lambda: optional_text(data.get("notes"), "notes", 2000))
    return c.result()


def clean_village(data: dict[str, Any]) -> dict[str, Any]:
    c = _Collector()
    c.run("moo", lambda: parse_moo(data.get("moo")))
    c.run("name_th", lambda: name_text(data.get("name_th"), "name_th", 200, required=True))
    c.run("name_en", lambda: name_text(data.get("name_en"), "name_en", 200, required=False) or "")
    return c.result()
