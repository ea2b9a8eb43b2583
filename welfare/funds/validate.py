"""Checks shared by the welfare services: amounts, dates, text."""

from __future__ import annotations

from datetime import date

from core.errors import N_, ValidationError
from core.ledger import services as ledger

MAX_SATANG = 10**15  # far beyond any community fund, far below BIGINT


class AmountNotPositive(ValidationError):
    code = "welfare_amount_not_positive"
    message = N_("The amount must be more than zero")


def amount(value, field: str = "amount") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise AmountNotPositive(field=field)
    if value > MAX_SATANG:
        raise ValidationError(N_("This amount is too large"), field=field)
    return value


def day(value, field: str, *, not_future: bool = False, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise ValidationError(N_("Enter a date"), field=field)
    if value.year < 1900 or value.year > 2200:
        raise ValidationError(N_("Enter a date"), field=field)
    if not_future and value > ledger.today():
        raise ValidationError(N_("This date is in the future"), field=field)
    return value


def text(value, field: str, message: str, limit: int = 200, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not value:
        raise ValidationError(message, field=field)
    if len(value) > limit:
        raise ValidationError(N_("This is too long (%(limit)s characters at most)"), field=field, limit=limit)
    return value


def choice(value, options, field: str, message: str) -> str:
    if value not in options:
        raise ValidationError(message, field=field)
    return value
