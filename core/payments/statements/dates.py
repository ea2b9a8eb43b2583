"""Dates on Thai bank statements, as the banks print them, read with the
kernel's date grammar (:func:`core.forms.parse.date_parts`).

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
from core.forms.parse import ce_year, date_parts
from core.i18n.formatting import BE_OFFSET

EARLIEST_YEAR = 1990
# Year first only as ISO (2026-12-06): on a statement 2568/01/05 is more likely
# a misread column than a date.
_YEAR_FIRST_NOT_ISO = re.compile(r"^[0-9๐-๙]{4}[/.]")
ACCEPTED_EXAMPLES = ("2026-12-06", "06/12/2569", "06/12/2026", "6 ธ.ค. 2569")


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
    if era == "be":
        return year - BE_OFFSET
    return ce_year(year) if era == "auto" else year


def parse_statement_date(text: str | None, fmt: str = "DD/MM/YYYY", era: str = "auto", field: str | None = None,
                         latest: date | None = None) -> date:
    """The date of one statement cell, or :class:`BadCell` saying why not."""
    original = (text or "").strip()
    parts = date_parts(original, month_first=fmt == "MM/DD/YYYY", with_time=True)
    if parts is None or (len(parts[2]) == 4 and _YEAR_FIRST_NOT_ISO.match(original)):
        raise _bad(original, field, fmt)
    day, month, raw_year, month_lang = parts
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
