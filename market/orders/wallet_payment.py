"""Paying an order from the household wallet: its instruments in the order
the centre sets (by default coupons, then store credit, then waste-bank
credit), each spent through its own service with its own no-double-spend
guarantee, until nothing is due or the wallet is empty.

The order row is locked first, so a double click pays once; two orders of
one household paying at once never spend more than the wallet holds (each
instrument's conditional UPDATE decides, and the loser pays with what is
left). Idempotency keys come from the order. A cancelled order gives every
instrument its value back (:func:`give_back`)."""

from __future__ import annotations

from typing import Protocol

import sqlalchemy as sa

from core.audit.services import record
from core.db import db, utcnow
from core.errors import NotFound
from market.models.catalog import Centre
from market.models.coupons import WalletEntry
from market.models.orders import Order
from market.models.wallet import OrderWalletPayment, StoreCreditEntry
from market.orders import policies, services
from market.wallet import errors as wallet_errors
from market.wallet import instruments, store_credit
from market.wallet import services as waste_credit


class _Spend(Protocol):
    def __call__(
        self, household_id: int, amount_satang: int, *, idempotency_key: str,
        service_point_id: int | None, operator_id: int | None, ref: str,
    ) -> StoreCreditEntry | WalletEntry: ...


_SPEND: dict[str, _Spend] = {"store_credit": store_credit.spend, "waste_credit": waste_credit.spend}
_BALANCE = {"store_credit": store_credit.balance, "waste_credit": waste_credit.balance}
_SHORT = (wallet_errors.NotEnoughCredit, wallet_errors.NotEnoughStoreCredit)


def pay_from_wallet(
    order_id: int, *, actor_id: int | None, service_point_id: int | None = None
) -> list[tuple[str, int]]:
    """Pay what is due from the wallet; returns ``[(instrument, satang), …]``
    in the order paid. Refused when the order is closed, nothing is due or
    nothing in the wallet can pay."""
    order = services.get(order_id, for_update=True)
    if order.status not in policies.OPEN:
        raise policies.OrderClosed(order=order.id, status=order.status)
    if order.due <= 0:
        raise services.NothingDue(order=order.id)
    centre = db.session.get(Centre, order.centre_id)
    paid: list[tuple[str, int]] = []
    for instrument in instruments.stored(centre.wallet_order if centre else None):
        order = services.get(order.id)
        if order.due <= 0:
            break
        if instrument == "coupons":
            amount = _pay_coupons(order, actor_id, service_point_id)
        else:
            amount = _pay_credit(order, instrument, actor_id, service_point_id)
        if amount:
            paid.append((instrument, amount))
    if not paid:
        raise wallet_errors.NothingInWallet()
    record("market.order.pay_wallet", actor_id=actor_id, target_type="market_order", target_id=order.id,
           after={"paid": [[name, amount] for name, amount in paid]})
    db.session.refresh(order)
    return paid


def _pay_coupons(order: Order, actor_id: int | None, service_point_id: int | None) -> int:
    """The household's coupons, through the order's own coupon payment (it
    knows which lines a restricted coupon may pay)."""
    try:
        used = services.pay_with_coupons(order.id, actor_id=actor_id, service_point_id=service_point_id)
    except services.NoUsableCoupon:
        return 0
    return sum(link.amount for link in used)


def _pay_credit(order: Order, instrument: str, actor_id: int | None, service_point_id: int | None) -> int:
    """Spend what the instrument holds, up to what is due; if another order
    of the household spent part of it meanwhile, once more with what is left."""
    n = db.session.scalar(
        sa.select(sa.func.count()).select_from(OrderWalletPayment)
        .where(OrderWalletPayment.order_id == order.id, OrderWalletPayment.instrument == instrument)
    ) or 0
    entry: StoreCreditEntry | WalletEntry | None = None
    for attempt in (1, 2):
        amount = min(_BALANCE[instrument](order.household_id), order.due)
        if amount <= 0:
            return 0
        try:
            entry = _SPEND[instrument](
                order.household_id, amount, idempotency_key=f"{order.purpose}:{instrument}:{n + 1}:{attempt}",
                service_point_id=service_point_id, operator_id=actor_id, ref=order.purpose,
            )
            break
        except _SHORT:
            if attempt == 2:
                return 0
    if entry is None:  # pragma: no cover - each attempt either spends or returns
        return 0
    link = OrderWalletPayment(
        order_id=order.id, instrument=instrument, amount=amount,
        store_credit_entry_id=entry.id if instrument == "store_credit" else None,
        wallet_entry_id=entry.id if instrument == "waste_credit" else None,
    )
    db.session.add(link)
    db.session.flush()
    grown = db.session.execute(
        sa.update(Order)
        .where(Order.id == order.id,
               Order.coupon_paid + Order.cash_paid + Order.credit_paid + amount <= Order.total)
        .values(credit_paid=Order.credit_paid + amount, updated_at=utcnow())
        .returning(Order.id).execution_options(synchronize_session=False)
    ).first()
    if grown is None:  # pragma: no cover - the order row lock serialises payers
        raise services.NothingDue(order=order.id)
    return amount


def payments_of(order_id: int) -> list[OrderWalletPayment]:
    return list(db.session.scalars(
        sa.select(OrderWalletPayment).where(OrderWalletPayment.order_id == order_id)
        .order_by(OrderWalletPayment.id)
    ))


def give_back(order: Order, *, reason: str, actor_id: int | None) -> None:
    """A cancelled order: each wallet spend goes back to its instrument (once:
    a second reversal is refused by a UNIQUE constraint)."""
    for link in payments_of(order.id):
        if link.reversed_at is not None:
            continue
        if link.instrument == "store_credit":
            if link.store_credit_entry_id is None:
                raise NotFound()
            store_credit.reverse_spend(link.store_credit_entry_id, reason=reason, actor_id=actor_id)
        else:
            if link.wallet_entry_id is None:
                raise NotFound()
            waste_credit.reverse_spend(link.wallet_entry_id, reason=reason, actor_id=actor_id)
        link.reversed_at = utcnow()
    db.session.execute(
        sa.update(Order).where(Order.id == order.id).values(credit_paid=0)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
