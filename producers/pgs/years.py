"""PGS cycles are years: stored in the Common Era, asked and shown in the
Buddhist Era on Thai pages (พ.ศ. = ค.ศ. + 543). Either era is read back."""

from __future__ import annotations

from core.errors import N_, ValidationError
from core.i18n.formatting import BE_OFFSET, typed_year


def parse_cycle(value) -> int | None:
    """The cycle's CE year from ``2569`` or ``2026``; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    year = typed_year(value)
    if year is None or not 2000 <= year <= 2200:
        raise ValidationError(N_("The cycle is a year, e.g. 2569"), field="cycle")
    return year


def shown(cycle: int | None, lang: str) -> str:
    if cycle is None:
        return "—"
    return str(cycle + BE_OFFSET if lang == "th" else cycle)
