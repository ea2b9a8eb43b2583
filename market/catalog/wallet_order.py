"""The order in which a household's wallet pays an order: a setting of the
goods centre (``Centre.wallet_order``), kept here with the centre so the
catalog reads and checks it without the wallet; the wallet
(market.wallet.instruments) pays in this order."""

from __future__ import annotations

from itertools import permutations

from flask_babel import lazy_gettext as _l

from core.errors import N_, ValidationError
from market.models.catalog import WALLET_ORDER

INSTRUMENTS = ("coupons", "store_credit", "waste_credit")
LABELS = {
    "coupons": _l("Coupons"),
    "store_credit": _l("Store credit"),
    "waste_credit": _l("Waste-bank credit"),
}
DEFAULT_ORDER = tuple(WALLET_ORDER.split(","))


class UnknownWalletOrder(ValidationError):
    code = "wallet_unknown_order"
    message = N_("Choose the order in which the wallet pays")


def parse_order(value) -> tuple[str, ...]:
    """A centre's setting as typed or stored: every instrument once, in the
    order chosen; anything else is refused with a clear message."""
    if isinstance(value, str):
        names = tuple(part.strip() for part in value.split(",") if part.strip())
    elif isinstance(value, list | tuple):
        names = tuple(str(part) for part in value)
    else:
        raise UnknownWalletOrder(field="wallet_order")
    if sorted(names) != sorted(INSTRUMENTS):
        raise UnknownWalletOrder(field="wallet_order")
    return names


def stored(value: str | None) -> tuple[str, ...]:
    """The order kept on a centre (the default if it is somehow unreadable)."""
    try:
        return parse_order(value or WALLET_ORDER)
    except UnknownWalletOrder:
        return DEFAULT_ORDER


def choices() -> list[tuple[str, str]]:
    """Every order a centre may choose, as (stored value, label)."""
    return [
        (",".join(names), " → ".join(str(LABELS[n]) for n in names))
        for names in permutations(INSTRUMENTS)
    ]
