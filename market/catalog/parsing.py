"""Reading what a person typed into catalogue and stock forms, from a form or
from JSON, with the kernel's parsers (:mod:`core.forms.parse`): clear field
errors, never a 5xx."""

from __future__ import annotations

from typing import Literal, overload

from core.errors import N_
from core.forms import parse

Required = parse.Required
TooLong = parse.TooLong


class InvalidNumber(parse.InvalidNumber):
    message = N_("Enter a whole number of at least %(minimum)s")


def text(data: dict, name: str, *, required: bool = False, length: int = 200) -> str | None:
    return parse.text(data.get(name), name, max_length=length, required=required) or None


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
    try:
        return parse.whole(data.get(name), name, minimum=minimum, maximum=maximum, required=required)
    except parse.InvalidNumber:
        raise InvalidNumber(field=name, minimum=minimum) from None


def satang(data: dict, name: str, *, required: bool = False) -> int | None:
    """Baht as typed (``1,234.50``) or integer satang from the API (``name_satang``)."""
    raw_satang = data.get(f"{name}_satang")
    if raw_satang is not None:
        return whole(data, f"{name}_satang", minimum=0, maximum=10**12)
    value = data.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # whole baht from JSON
    return parse.money(value, name, required=required)
