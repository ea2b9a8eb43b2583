"""A household's wallet statement: every movement of its coupons, store
credit and waste-bank credit, oldest first, with the balance of the
instrument and of the whole wallet after each one (read side only).

Coupons count as one instrument: a card adds its value from its first valid
day (a card not valid yet is not listed); a payment
takes value, a reversal gives it back; a card cancelled or expired takes
what was left on it. A lost card re-issued moves its balance to the new card,
which changes nothing for the household and is not listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from core.db import db, utcnow
from market.models.coupons import SPENDABLE_STATES, Coupon, Redemption, Wallet, WalletEntry
from market.models.wallet import StoreCredit, StoreCreditEntry
from market.wallet.instruments import INSTRUMENTS

WHAT = {
    "coupon_issued": _l("Coupon issued"),
    "coupon_spent": _l("Paid with a coupon"),
    "coupon_reversed": _l("Coupon payment given back"),
    "coupon_cancelled": _l("Coupon cancelled"),
    "coupon_expired": _l("Coupon expired"),
    "waste_deposit": _l("Recyclables deposited"),
    "waste_spend": _l("Paid with waste-bank credit"),
    "waste_reversal": _l("Waste-bank payment given back"),
    "store_credit_refund": _l("Refund as store credit"),
    "store_credit_overpayment": _l("Overpayment kept as store credit"),
    "store_credit_adjustment": _l("Store credit adjustment"),
    "store_credit_spend": _l("Paid with store credit"),
    "store_credit_reversal": _l("Store credit payment given back"),
}


@dataclass
class Movement:
    at: datetime
    instrument: str
    what: str  # a key of WHAT
    amount: int  # satang, + in, - out
    ref: str = ""
    order: int = 0  # tie-breaker within one moment
    balance: int = 0  # of the instrument, after this movement
    total: int = 0  # of the wallet, after this movement

    @property
    def label(self):
        return WHAT[self.what]


@dataclass
class Statement:
    household_id: int
    movements: list[Movement]
    balances: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.balances.values())


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _coupon_movements(household_id: int, now: datetime) -> list[Movement]:
    coupons = list(db.session.scalars(sa.select(Coupon).where(Coupon.household_id == household_id)))
    moves: list[Movement] = []
    by_id = {c.id: c for c in coupons}
    for c in coupons:
        if _aware(c.valid_from) > now:
            continue  # not spendable yet: it joins the wallet on its first day
        if c.replaces_id is None:
            issued_at = max(_aware(c.created_at), _aware(c.valid_from))
            moves.append(Movement(issued_at, "coupons", "coupon_issued", c.value_satang, c.code, c.id))
        closed_at = None
        if c.state == "cancelled":
            closed_at, what = _aware(c.cancelled_at or c.updated_at), "coupon_cancelled"
        elif c.state == "expired" or (c.state in SPENDABLE_STATES and _aware(c.valid_until) <= now):
            closed_at, what = _aware(c.valid_until), "coupon_expired"
        if closed_at is not None and c.balance_satang:
            moves.append(Movement(closed_at, "coupons", what, -c.balance_satang, c.code, c.id))
    if by_id:
        for r in db.session.scalars(sa.select(Redemption).where(Redemption.coupon_id.in_(list(by_id)))):
            what = "coupon_spent" if r.amount_satang > 0 else "coupon_reversed"
            moves.append(Movement(_aware(r.created_at), "coupons", what, -r.amount_satang,
                                  r.ref or by_id[r.coupon_id].code, r.id))
    return moves


def _waste_movements(household_id: int) -> list[Movement]:
    wallet = db.session.scalar(sa.select(Wallet).where(Wallet.household_id == household_id))
    if wallet is None:
        return []
    return [
        Movement(_aware(e.created_at), "waste_credit", f"waste_{e.kind}", e.amount_satang, e.ref, e.id)
        for e in db.session.scalars(sa.select(WalletEntry).where(WalletEntry.wallet_id == wallet.id))
    ]


def _store_credit_movements(household_id: int) -> list[Movement]:
    account = db.session.scalar(sa.select(StoreCredit).where(StoreCredit.household_id == household_id))
    if account is None:
        return []
    moves = []
    for e in db.session.scalars(
        sa.select(StoreCreditEntry).where(StoreCreditEntry.store_credit_id == account.id)
    ):
        what = f"store_credit_{e.source}" if e.kind == "credit" else f"store_credit_{e.kind}"
        moves.append(Movement(_aware(e.created_at), "store_credit", what, e.amount_satang,
                              e.note or e.ref, e.id))
    return moves


def statement(household_id: int, now: datetime | None = None) -> Statement:
    """Every movement of the household's wallet with running balances."""
    now = now or utcnow()
    moves = (
        _coupon_movements(household_id, now)
        + _store_credit_movements(household_id)
        + _waste_movements(household_id)
    )
    moves.sort(key=lambda m: (m.at, INSTRUMENTS.index(m.instrument), m.order))
    running = dict.fromkeys(INSTRUMENTS, 0)
    for move in moves:
        running[move.instrument] += move.amount
        move.balance = running[move.instrument]
        move.total = sum(running.values())
    return Statement(household_id, moves, running)
