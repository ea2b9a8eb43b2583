"""One household wallet made of the instruments that already exist: coupons
(market.coupons), store credit (market.wallet.store_credit) and waste-bank
credit (market.wallet.services). Each keeps its own balance, entries and
ledger accounts; the wallet only reads them together and says in which order
they pay an order (a setting of the goods centre, market.catalog.wallet_order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.db import utcnow
from market.catalog.wallet_order import (
    DEFAULT_ORDER,
    INSTRUMENTS,
    LABELS,
    choices,
    parse_order,
    stored,
)
from market.wallet import services as waste_credit
from market.wallet import store_credit

__all__ = ["DEFAULT_ORDER", "INSTRUMENTS", "LABELS", "Balances", "balances", "choices", "coupons_spendable",
           "parse_order", "stored"]


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
