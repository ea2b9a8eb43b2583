"""Money for an order that was already paid (or cancelled) is flagged as an
overpayment with a refund path (core.payments.overpayments.services), never absorbed
silently into the order's cash part."""

from __future__ import annotations

from core.payments.overpayments import services as overpayments


def excess(total: int, coupon_paid: int, held: int, cancelled: bool, amount: int) -> int:
    """How much of a payment of ``amount`` is more than the order owed, when
    its payments now hold ``held``. Pure."""
    if cancelled:
        return amount
    return min(amount, max(0, held - max(total - coupon_paid, 0)))


def flag(order, payment, held: int) -> None:
    """Called by the order's payment hook when ``payment`` succeeded."""
    cancelled = order.status == "cancelled"
    extra = excess(order.total, order.coupon_paid, held, cancelled, payment.amount - payment.refunded)
    if extra > 0:
        overpayments.open_for(payment, extra, "after_cancel" if cancelled else "already_paid")


def on_refund(payment) -> None:
    """Called by the order's payment hook when ``payment`` was refunded."""
    overpayments.close_if_refunded(payment)


def keep_as_store_credit(order, overpayment_id: int, *, actor_id: int | None, ip: str | None = None):
    """The household keeps an overpayment of ``order`` as store credit in its
    wallet (spendable on its next orders) instead of a refund: the credit and
    the closing of the overpayment in one transaction, once (a second press
    finds it closed)."""
    from market.wallet import store_credit

    row = overpayments.get(overpayment_id, for_update=True)
    if row.purpose != order.purpose:
        raise overpayments.OverpaymentNotFound()
    if row.status != "open":
        raise overpayments.OverpaymentResolved()
    entry = store_credit.credit(
        order.household_id, row.amount, source="overpayment", idempotency_key=f"overpayment:{row.id}",
        ref=order.purpose, note=f"payment {row.payment_id}", actor_id=actor_id,
    )
    overpayments.keep_as_credit(row, credit_ref=f"store_credit_entry:{entry.id}", actor_id=actor_id, ip=ip)
    return entry
