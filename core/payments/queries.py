"""Read side of payments."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.payments.models import Payment, PaymentEvent, Refund
from core.registry.models import Person

PAGE = 50


def payments_query(status: str | None = None, method: str | None = None) -> sa.Select:
    stmt = sa.select(Payment).order_by(Payment.id.desc())
    if status:
        stmt = stmt.where(Payment.status == status)
    if method:
        stmt = stmt.where(Payment.method == method)
    return stmt


def payments(status: str | None = None, method: str | None = None, page: int = 1) -> tuple[list[Payment], bool]:
    stmt = payments_query(status, method)
    rows = list(db.session.scalars(stmt.limit(PAGE + 1).offset((max(page, 1) - 1) * PAGE)))
    return rows[:PAGE], len(rows) > PAGE


def events(payment_id: int) -> list[PaymentEvent]:
    return list(db.session.scalars(
        sa.select(PaymentEvent).where(PaymentEvent.payment_id == payment_id).order_by(PaymentEvent.id)))


def refunds(payment_id: int) -> list[Refund]:
    return list(db.session.scalars(sa.select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.id)))


def is_payer(payment: Payment, user_id: int) -> bool:
    """Whether the person the payment names is this user."""
    if payment.payer_person_id is None:
        return False
    return db.session.scalar(
        sa.select(Person.id).where(Person.id == payment.payer_person_id, Person.user_id == user_id)
    ) is not None


def recorded_with_key(idempotency_key: str) -> bool:
    """Whether a payment already carries this idempotency key."""
    return db.session.scalar(
        sa.select(Payment.id).where(Payment.idempotency_key == idempotency_key)
    ) is not None
