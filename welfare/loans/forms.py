"""Reading the loan forms through the kernel's parsers (:mod:`core.forms.parse`):
bad input becomes a clear, field-named error (never a 500)."""

from __future__ import annotations

from datetime import date

from flask import request

from core.errors import N_, ValidationError
from core.forms import parse


def text(name: str, limit: int = 2000) -> str:
    return parse.text(request.form.get(name), name, max_length=limit, truncate=True)


def money(name: str, *, required: bool = True) -> int | None:
    return parse.money(request.form.get(name), name, required=required)


def whole(name: str, *, default: int | None = None) -> int:
    number = parse.whole(request.form.get(name), name, maximum=10**9 - 1, minimum=-(10**8) + 1,
                         message=N_("Enter a whole number"))
    if number is None:
        if default is None:
            raise ValidationError(N_("Enter a whole number"), field=name)
        return default
    return number


def rate_bp(name: str) -> int:
    """A yearly percentage such as ``12`` or ``7.5`` as basis points."""
    value = parse.money(request.form.get(name) or "0", name,
                        message=N_("Enter the yearly interest rate in percent, such as 12 or 7.5"))
    return value or 0


def parse_date(raw: str | None) -> date | None:
    """Day first in either era (``07/12/2569``), ISO, or a Thai month name."""
    from welfare.funds.web import parse_date as read_date

    return read_date(raw)


def day(name: str, *, required: bool = True) -> date | None:
    raw = request.form.get(name)
    if not (raw or "").strip() and not required:
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
            values.append(parse.whole(raw, name, minimum=0, required=True, message=N_("Choose from the list")))
    return values


def arg_int(name: str) -> int | None:
    return parse.id_or_none(request.args.get(name))
