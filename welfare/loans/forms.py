"""Reading the loan forms: small parsers that turn bad input into clear,
field-named errors (never a 500)."""

from __future__ import annotations

from datetime import date

from flask import request

from core.errors import N_, DomainError, ValidationError
from core.money import Money

BE_OFFSET = 543


def text(name: str, limit: int = 2000) -> str:
    return (request.form.get(name) or "").strip()[:limit]


def money(name: str, *, required: bool = True) -> int | None:
    raw = (request.form.get(name) or "").strip()[:40]
    if not raw and not required:
        return None
    return Money.parse(raw, field=name).satang


def whole(name: str, *, default: int | None = None) -> int:
    raw = (request.form.get(name) or "").strip()
    if not raw and default is not None:
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 9:
        raise ValidationError(N_("Enter a whole number"), field=name)
    return int(raw)


def rate_bp(name: str) -> int:
    """A yearly percentage such as ``12`` or ``7.5`` as basis points."""
    raw = (request.form.get(name) or "0").strip()[:10] or "0"
    try:
        value = Money.parse(raw, field=name).satang  # two decimals, no float
    except DomainError:
        raise ValidationError(
            N_("Enter the yearly interest rate in percent, such as 12 or 7.5"), field=name
        ) from None
    return value


def parse_date(raw: str | None) -> date | None:
    """Day first in either era (``07/12/2569``), ISO, or a Thai month name."""
    from welfare.funds.web import parse_date as read_date

    return read_date(raw)


def day(name: str, *, required: bool = True) -> date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw and not required:
        return None
    value = parse_date(raw)
    if value is None:
        raise ValidationError(N_("Enter a date"), field=name)
    return value


def ids(name: str) -> list[int]:
    values = []
    for raw in request.form.getlist(name)[:20]:
        raw = raw.strip()
        if raw:
            if not raw.isdigit() or len(raw) > 12:
                raise ValidationError(N_("Choose from the list"), field=name)
            values.append(int(raw))
    return values


def arg_int(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None
