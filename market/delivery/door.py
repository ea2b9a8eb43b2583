"""Payment at the door: the volunteer delivering an order takes what is still
due in cash (a numbered receipt, the volunteer named as the one who received
it) or with the household's coupons, before proving the delivery. The same
rules as at the desk (core manual payments, coupon redemption); the volunteer
may do it only for a delivery assigned to them and still open.

Flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.errors import NotFound
from core.payments.models import Payment
from core.payments.receipts.models import Receipt
from market.delivery.services import check_open, for_volunteer
from market.orders import policies
from market.orders import services as orders


def _open_order(delivery_id: int, actor_id: int | None, manager: bool):
    delivery = for_volunteer(delivery_id, actor_id, manager=manager)
    check_open(delivery, actor_id, manager)
    order = orders.get(delivery.order_id)
    if order.status not in policies.OPEN:
        raise policies.OrderClosed(order=order.id, status=order.status)
    return delivery, order


def cash(delivery_id: int, *, token: str, actor_id: int | None, manager: bool = False) -> Receipt:
    """Cash for what is still due, counted at the door: the receipt to print or
    show. The same form token again (a double tap) returns the first receipt."""
    _, order = _open_order(delivery_id, actor_id, manager)
    first = _receipt_of(token, order.purpose)
    if first is not None:
        return first
    orders.record_cash(order.id, actor_id=actor_id, token=token)
    made = _receipt_of(token, order.purpose)
    if made is None:
        raise NotFound()
    return made


def _receipt_of(token: str, purpose: str) -> Receipt | None:
    return db.session.scalar(
        sa.select(Receipt).join(Payment, Payment.id == Receipt.payment_id)
        .where(Payment.idempotency_key == f"manual:{token}", Payment.purpose == purpose)
    )


def coupons(delivery_id: int, *, actor_id: int | None, manager: bool = False) -> list:
    """The household's usable coupons for what is still due."""
    _, order = _open_order(delivery_id, actor_id, manager)
    return orders.pay_with_coupons(order.id, actor_id=actor_id)
