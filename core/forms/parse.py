"""One kit for reading what a person types into a form, a filter or an
imported cell: text, whole numbers, dates in either era and money in baht.

Every parser takes the raw value (a string from a form, or an already typed
value from JSON) and the name of its field, and either returns a clean Python
value or raises a :class:`~core.errors.ValidationError` of the kit naming that
field, with an English msgid that is shown in Thai on Thai pages. Blank input
is ``None`` (``""`` for text) unless ``required``. No I/O, no request.

- Thai digits (``๒๕๖๙``) read as Arabic ones; surrounding whitespace is dropped.
- A four-digit year from 2400 on is Buddhist Era (พ.ศ. = ค.ศ. + 543); the
  year is converted before the day is checked, so 29/02/2567 (2024) exists.
- Money is integer satang: ``1,234.50`` → ``123450``; a fraction below one
  satang (``12.345``) and a negative amount are refused, never rounded.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, overload

from core.errors import N_, ValidationError
from core.i18n.formatting import (
    BE_OFFSET,
    BE_THRESHOLD,
    EN_MONTHS_LONG,
    EN_MONTHS_SHORT,
    TH_MONTHS_LONG,
    TH_MONTHS_SHORT,
)
from core.money import InvalidAmount, Money

__all__ = [
    "BE_OFFSET", "InvalidAmount", "InvalidDate", "InvalidNumber", "Required", "TooLong", "ce_year", "date_parts",
    "digits", "id_or_none", "money", "text", "typed_date", "whole",
]

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class Required(ValidationError):
    code = "required"
    message = N_("This field is required")


class TooLong(ValidationError):
    code = "too_long"
    message = N_("At most %(length)s characters")


class InvalidNumber(ValidationError):
    code = "invalid_number"
    message = N_("Enter a whole number")


class InvalidDate(ValidationError):
    code = "invalid_date"
    message = N_("Enter a date as DD/MM/YYYY or YYYY-MM-DD, such as 23/11/2569")


def digits(raw: object) -> str:
    """The value as text, trimmed, Thai digits as Arabic ones."""
    return ("" if raw is None else str(raw)).strip().translate(THAI_DIGITS)


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- text ------------------------------------------------------------------------


def text(raw: object, field: str | None = None, *, max_length: int = 200, required: bool = False,
         truncate: bool = False) -> str:
    """Trimmed text; ``""`` when blank. Longer than ``max_length`` is refused
    (or cut, with ``truncate``, for free notes where refusing helps no one)."""
    value = "" if raw is None else str(raw).strip()
    if not value:
        if required:
            raise Required(field=field)
        return ""
    if len(value) > max_length:
        if truncate:
            return value[:max_length].rstrip()
        raise TooLong(field=field, length=max_length)
    return value


# --- whole numbers ---------------------------------------------------------------

_WHOLE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")
MAX_DIGITS = 18  # past a BIGINT no one types on purpose


@overload
def whole(raw: object, field: str | None = None, *, minimum: int | None = None, maximum: int | None = None,
          required: Literal[True], message: str | None = None, **params: object) -> int: ...
@overload
def whole(raw: object, field: str | None = None, *, minimum: int | None = None, maximum: int | None = None,
          required: bool = False, message: str | None = None, **params: object) -> int | None: ...
def whole(raw: object, field: str | None = None, *, minimum: int | None = None, maximum: int | None = None,
          required: bool = False, message: str | None = None, **params: object) -> int | None:
    """A whole number between ``minimum`` and ``maximum`` (inclusive, when
    given): ``12``, `` ๑๒ ``, ``1,200``, or an int from JSON (never a bool or
    a float). ``message`` (a msgid with ``params``) replaces the kit's own."""
    if _blank(raw):
        if required:
            raise Required(field=field)
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidNumber(message, field=field, **params)
    if isinstance(raw, int):
        number = raw
    else:
        value = digits(raw)
        if not _WHOLE.match(value) or len(value.lstrip("+-").replace(",", "")) > MAX_DIGITS:
            raise InvalidNumber(message, field=field, **params)
        number = int(value.replace(",", ""))
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InvalidNumber(message, field=field, **params)
    return number


def id_or_none(raw: object) -> int | None:
    """A positive id from the address bar or a select box; anything else is
    ``None`` (a filter that is ignored, never an error)."""
    value = digits(raw).lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return None
    return int(value) or None


# --- dates -----------------------------------------------------------------------

_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-/]*([^\d\s\-/,]+)[\s\-/]*(\d{2}|\d{4})$")
_TIME_AFTER = re.compile(r"^(\S+(?:\s+\S+\s+\d{2,4})?)(?:T|\s+|,\s*)\d{1,2}:\d{2}.*$")


def _month_names() -> dict[str, tuple[int, str]]:
    """Month word (without dots, lower case) -> (month, "th" or "en")."""
    names: dict[str, tuple[int, str]] = {}
    for lang, groups in (("th", (TH_MONTHS_SHORT, TH_MONTHS_LONG)), ("en", (EN_MONTHS_SHORT, EN_MONTHS_LONG))):
        for group in groups:
            for number, word in enumerate(group, start=1):
                names[word.replace(".", "").lower()] = (number, lang)
    names["sept"] = (9, "en")
    return names


MONTHS = _month_names()


def ce_year(year: int) -> int:
    """A four-digit year typed in either era, in the Common Era."""
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def date_parts(raw: object, *, month_first: bool = False,
               with_time: bool = False) -> tuple[int, int, str, str | None] | None:
    """``(day, month, year as typed, language of a month name)`` of a date
    written year first (``2569-11-23``, ``2026/11/23``), day first
    (``23/11/2569``, ``23.11.26``) or with a month name (``23 พ.ย. 2569``,
    ``23-Nov-2026``); ``None`` when it is none of them. ``with_time`` lets a
    time follow the date (``23/11/2569 14:05``, ``2026-11-23T14:05``)."""
    value = digits(raw)
    if with_time and (found := _TIME_AFTER.match(value)):
        value = found.group(1).rstrip(",")
    if found := _YEAR_FIRST.match(value):
        return int(found.group(3)), int(found.group(2)), found.group(1), None
    if found := _DAY_FIRST.match(value):
        first, second = int(found.group(1)), int(found.group(2))
        day, month = (second, first) if month_first else (first, second)
        return day, month, found.group(3), None
    if (found := _NAMED.match(value)) and (word := found.group(2).replace(".", "").lower()) in MONTHS:
        month, lang = MONTHS[word]
        return int(found.group(1)), month, found.group(3), lang
    return None


@overload
def typed_date(raw: object, field: str | None = None, *, required: Literal[True], message: str | None = None) -> date: ...
@overload
def typed_date(raw: object, field: str | None = None, *, required: bool = False,
               message: str | None = None) -> date | None: ...
def typed_date(raw: object, field: str | None = None, *, required: bool = False,
               message: str | None = None) -> date | None:
    """A date typed in either era (see :func:`date_parts`), or a ``date``
    (its year converted too, as a spreadsheet cell may hold 2569). A
    two-digit year is read only after a month name: ``23/11/69`` could be
    2569 or 2069.
    ``message`` replaces the kit's own for a value that is not a date."""
    if isinstance(raw, date):  # a spreadsheet's date cell may hold a Buddhist-Era year
        try:
            return date(ce_year(raw.year), raw.month, raw.day)
        except ValueError:
            raise InvalidDate(N_("This date does not exist"), field=field) from None
    if _blank(raw):
        if required:
            raise Required(field=field)
        return None
    parts = date_parts(raw)
    if parts is None:
        raise InvalidDate(message, field=field)
    day, month, year, month_lang = parts
    if len(year) == 2 and month_lang is None:
        raise InvalidDate(message, field=field)
    try:
        return date(_full_year(year, month_lang), month, day)
    except ValueError:
        raise InvalidDate(N_("This date does not exist"), field=field) from None


def _full_year(year: str, month_lang: str | None) -> int:
    """A four-digit year in either era, or two digits after a month name:
    Thai writes Buddhist years (``7 ธ.ค. 69`` is 2569), English Common ones."""
    if len(year) == 4:
        return ce_year(int(year))
    return 2500 + int(year) - BE_OFFSET if month_lang == "th" else 2000 + int(year)


# --- money -----------------------------------------------------------------------


@overload
def money(raw: object, field: str | None = None, *, required: Literal[True], positive: bool = False,
          message: str | None = None) -> int: ...
@overload
def money(raw: object, field: str | None = None, *, required: bool = False, positive: bool = False,
          message: str | None = None) -> int | None: ...
def money(raw: object, field: str | None = None, *, required: bool = False, positive: bool = False,
          message: str | None = None) -> int | None:
    """Baht as typed (``1,234.50``, ``฿1234.5``, ``๑๒๓ บาท``) as integer satang,
    at least zero (above zero with ``positive``). A fraction below one satang
    or a minus sign is refused, never rounded or dropped."""
    if _blank(raw):
        if required:
            raise Required(field=field)
        return None
    if isinstance(raw, bool) or not isinstance(raw, str):
        raise InvalidAmount(message, field=field)
    value = digits(raw)
    if len(value) > 40:
        raise InvalidAmount(message, field=field)
    try:
        satang = Money.parse(value, field=field).satang
    except InvalidAmount:
        raise InvalidAmount(message, field=field) from None
    if value.startswith("-") or satang < 0:
        raise InvalidAmount(message or N_("The amount cannot be negative"), field=field)
    if positive and satang == 0:
        raise InvalidAmount(message or N_("Enter an amount above zero"), field=field)
    return satang
