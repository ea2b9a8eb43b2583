"""Ceilings as data: the kinds of action, their default ceilings and the
rule. Pure: no I/O. Money kinds are in satang; stock movements in units."""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import N_


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    default: int
    money: bool  # satang; else a count of units


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("cash_receipt", N_("Cash received in one receipt"), 5_000_000, True),
    Kind("donation", N_("One donation (cash or the value of goods)"), 10_000_000, True),
    Kind("waste_deposit", N_("Credit earned by one waste-bank deposit"), 200_000, True),
    Kind("stock_movement", N_("Units in one stock movement"), 5_000, False),
)}
LARGEST = 10**15  # satang or units: above any real ceiling, below BIGINT


def above(amount: int, ceiling: int) -> bool:
    """Strictly above: the ceiling itself passes, one satang (or unit) more does not."""
    return amount > ceiling
