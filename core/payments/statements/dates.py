"""Dates on Thai bank statements, as the banks print them.

Every day-first format of a mapping also reads, without being told:

- ISO dates, year first (``2026-12-06``, or ``2569-12-06`` in the Buddhist Era);
- any of ``/``, ``-`` or ``.`` between day, month and year (``06.12.2569``);
- Thai and English month names or abbreviations (``6 ธ.ค. 2569``,
  ``06 ธันวาคม 69``, ``06-Dec-2026``);
- Thai digits (``๐๖/๑๒/๒๕๖๙``) and a time after the date.

A four-digit year from 2400 on is Buddhist Era unless the mapping says Common
Era. A two-digit year is ambiguous (``69`` is 2569 or 2069?) and is read only
when the mapping says which (the ``DD/MM/YY`` format, or a Buddhist or Common
Era mapping), or with a Thai month name (Thai writes Buddhist years). A date
after ``latest`` (the tenant's today) is refused: a statement has no lines in
the future.
"""

from __future__ import annotations

import re
from datetime import date

from core.errors import N_, ValidationError
from core.i18n.formatting import EN_MONTHS_LONG, EN_MONTHS_SHORT, TH_MONTHS_LONG, TH_MONTHS_SHORT

BE_OFFSET = 543
EARLIEST_YEAR = 1990
ACCEPTED_EXAMPLES = ("2026-12-06", "06/12/2569", "06/12/2026", "6 ธ.ค. 2569")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[T ,].*)?$")
_NAMED = re.compile(r"^(\d{1,2})[\s\-/]*([^\d\s\-/,]+)[\s\-/]*(\d{2}|\d{4})(?:[T ,].*)?$")


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


class BadCell(ValidationError):
    """A cell of a statement line that cannot be read."""

    code = "statement_cell"


def _bad(text: str, field: str | None, fmt: str) -> BadCell:
    return BadCell(N_("Not a date the statement's format can read (%(format)s, or 2026-12-06, 06/12/2569, "
                      "06/12/2026): %(value)s"), field=field, format=fmt, value=text[:40])


def _year(raw: str, era: str, fmt: str, month_lang: str | None, text: str, field: str | None) -> int:
    year = int(raw)
    if len(raw) == 2:
        if era == "auto" and month_lang is not None:
            era = "be" if month_lang == "th" else "ce"  # Thai writes Buddhist years, English Common
        if era == "ce":
            return 2000 + year
        if fmt == "DD/MM/YY" or era == "be":
            return 2500 + year - BE_OFFSET
        raise BadCell(N_("The year in %(value)s has two digits and could be Buddhist or Common Era: write it with "
                         "four (2569 or 2026) or set the years in the column mapping"), field=field, value=text[:40])
    if era == "be" or (era == "auto" and year >= 2400):
        return year - BE_OFFSET
    return year


def parse_statement_date(text: str | None, fmt: str = "DD/MM/YYYY", era: str = "auto", field: str | None = None,
                         latest: date | None = None) -> date:
    """The date of one statement cell, or :class:`BadCell` saying why not."""
    original = (text or "").strip()
    value = original.translate(_THAI_DIGITS)
    month_lang: str | None = None
    if found := _ISO.match(value):
        raw_year, month, day = found.group(1), int(found.group(2)), int(found.group(3))
    elif found := _NUMERIC.match(value):
        first, second, raw_year = int(found.group(1)), int(found.group(2)), found.group(3)
        day, month = (second, first) if fmt == "MM/DD/YYYY" else (first, second)
    elif (found := _NAMED.match(value)) and found.group(2).replace(".", "").lower() in MONTHS:
        month, month_lang = MONTHS[found.group(2).replace(".", "").lower()]
        day, raw_year = int(found.group(1)), found.group(3)
    else:
        raise _bad(original, field, fmt)
    year = _year(raw_year, era, fmt, month_lang, original, field)
    try:
        result = date(year, month, day)
    except ValueError:
        raise _bad(original, field, fmt) from None
    if result.year < EARLIEST_YEAR:
        raise BadCell(N_("The year in %(value)s is too early for a bank statement"), field=field, value=original[:40])
    if latest is not None and result > latest:
        raise BadCell(N_("The date %(value)s is after today: a statement has no lines in the future (is the year "
                         "right?)"), field=field, value=original[:40])
    return result
