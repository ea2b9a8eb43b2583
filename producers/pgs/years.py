"""PGS cycles are years: stored in the Common Era, asked and shown in the
Buddhist Era on Thai pages (พ.ศ. = ค.ศ. + 543). Either era is read back."""

from __future__ import annotations

from core.errors import N_, ValidationError
from core.forms import parse
from core.i18n.formatting import BE_OFFSET


def parse_cycle(value) -> int | None:
    """The cycle's CE year from ``2569`` or ``2026``; blank is None."""
    message = N_("The cycle is a year, e.g. 2569")
    year = parse.whole(value, "cycle", minimum=1000, maximum=9999, message=message)
    if year is None:
        return None
    if not 2000 <= parse.ce_year(year) <= 2200:
        raise ValidationError(message, field="cycle")
    return parse.ce_year(year)


def shown(cycle: int | None, lang: str) -> str:
    if cycle is None:
        return "—"
    return str(cycle + BE_OFFSET if lang == "th" else cycle)
