"""One household wallet made of the instruments that already exist: coupons
(market.coupons), store credit (market.wallet.store_credit) and waste-bank
credit (market.wallet.services). Each keeps its own balance, entries and
ledger accounts; the wallet only reads them together and says in which order
they pay an order (a setting of the goods centre)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import permutations

from flask_babel import lazy_gettext as _l

from core.db import utcnow
from market.models.catalog import WALLET_ORDER
from market.wallet import errors, store_credit
from market.wallet import services as waste_credit

INSTRUMENTS = ("coupons", "store_credit", "waste_credit")
LABELS = {
    "coupons": _l("Coupons"),
    "store_credit": _l("Store credit"),
    "waste_credit": _l("Waste-bank credit"),
}
DEFAULT_ORDER = tuple(WALLET_ORDER.split(","))


def parse_order(value) -> tuple[str, ...]:
    """A centre's setting as typed or stored: every instrument once, in the
    order chosen; anything else is refused with a clear message."""
    if isinstance(value, str):
        names = tuple(part.strip() for part in value.split(",") if part.strip())
    elif isinstance(value, list | tuple):
        names = tuple(str(part) for part in value)
    else:
        raise errors.UnknownWalletOrder(field="wallet_order")
    if sorted(names) != sorted(INSTRUMENTS):
        raise errors.UnknownWalletOrder(field="wallet_order")
    return names


def stored(value: str | None) -> tuple[str, ...]:
    """The order kept on a centre (the default if it is somehow unreadable)."""
    try:
        return parse_order(value or WALLET_ORDER)
    except errors.UnknownWalletOrder:
        return DEFAULT_ORDER


def choices() -> list[tuple[str, str]]:
    """Every order a centre may choose, as (stored value, label)."""
    return [
        (",".join(names), " → ".join(str(LABELS[n]) for n in names))
        for names in permutations(INSTRUMENTS)
    ]


@dataclass(frozen=True)
class Balances:
    coupons: int
    store_credit: int
    waste_credit: int

    @property
    def total(self) -> int:
        return self.coupons + self.store_credit + self.waste_credit

    def of(self, instrument: str) -> int:
        return getattr(self, instrument)


def coupons_spendable(household_id: int, now: datetime | None = None) -> int:
    from market.coupons import services as coupons

    return sum(c.balance_satang for c in coupons.usable_for(household_id, (), now=now or utcnow()))


def balances(household_id: int, now: datetime | None = None) -> Balances:
    """What the household can spend now, per instrument."""
    return Balances(
        coupons=coupons_spendable(household_id, now),
        store_credit=store_credit.balance(household_id),
        waste_credit=waste_credit.balance(household_id),
    )
