"""Money for an order that was already paid (or cancelled) is flagged as an
overpayment with a refund path (core.payments.overpayments), never absorbed
silently into the order's cash part."""

from __future__ import annotations

from core.payments import overpayments


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
