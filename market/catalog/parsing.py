"""Reading what a person typed into catalogue and stock forms: clear field
errors, never a 5xx."""

from __future__ import annotations

from typing import Literal, overload

from core.errors import N_, ValidationError
from core.money import Money


class Required(ValidationError):
    code = "required"
    message = N_("This field is required")


class InvalidNumber(ValidationError):
    code = "invalid_number"
    message = N_("Enter a whole number of at least %(minimum)s")


class TooLong(ValidationError):
    code = "too_long"
    message = N_("At most %(length)s characters")


def text(data: dict, name: str, *, required: bool = False, length: int = 200) -> str | None:
    value = data.get(name)
    value = str(value).strip() if value is not None else ""
    if not value:
        if required:
            raise Required(field=name)
        return None
    if len(value) > length:
        raise TooLong(field=name, length=length)
    return value


@overload
def whole(
    data: dict, name: str, *, minimum: int = 0, required: Literal[True], maximum: int = 1_000_000
) -> int: ...
@overload
def whole(
    data: dict, name: str, *, minimum: int = 0, required: bool = False, maximum: int = 1_000_000
) -> int | None: ...
def whole(
    data: dict, name: str, *, minimum: int = 0, required: bool = False, maximum: int = 1_000_000
) -> int | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Required(field=name)
        return None
    if isinstance(value, bool):
        raise InvalidNumber(field=name, minimum=minimum)
    if isinstance(value, str):
        value = value.strip().replace(",", "")
        if not value.lstrip("-").isdigit():
            raise InvalidNumber(field=name, minimum=minimum)
        value = int(value)
    if not isinstance(value, int) or value < minimum or value > maximum:
        raise InvalidNumber(field=name, minimum=minimum)
    return value


def satang(data: dict, name: str, *, required: bool = False) -> int | None:
    """Baht as typed (``1,234.50``) or integer satang from the API (``name_satang``)."""
    raw_satang = data.get(f"{name}_satang")
    if raw_satang is not None:
        return whole(data, f"{name}_satang", minimum=0, maximum=10**12)
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Required(field=name)
        return None
    money = Money.parse(str(value), field=name)
    if money.satang < 0:
        raise InvalidNumber(field=name, minimum=0)
    return money.satang
