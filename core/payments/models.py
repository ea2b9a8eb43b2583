"""Payments: money coming in through a gateway (Stripe, the fake one) or
recorded by staff (cash, bank transfer), each with a status machine and, once
it succeeds, a balanced entry in the ledger."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import (
    BigId,
    Model,
    Satang,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
    utcnow,
)

STATUSES = ("created", "pending", "succeeded", "failed", "cancelled", "partly_refunded", "refunded")
METHODS = ("card", "promptpay", "cash", "transfer", "fake")
PROVIDERS = ("stripe", "fake", "manual")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Payment(TenantScoped, TimestampMixin, Model):
    __tablename__ = "payment"
    __tenant_refs__ = {
        "payer_person_id": "person",
        "credit_account_id": "ledger_account",
        "debit_account_id": "ledger_account",
        "journal_entry_id": "journal_entry",
    }

    purpose: Mapped[str] = mapped_column(sa.String(80), nullable=False)  # e.g. market.order:12
    description: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    refunded: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    method: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    provider: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    provider_ref: Mapped[str | None] = mapped_column(sa.String(255), info={"crossing_key": True})  # PaymentIntent / session id
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="created")
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    ref1: Mapped[str | None] = mapped_column(sa.String(20))  # names what it pays, for bank matching
    ref2: Mapped[str | None] = mapped_column(sa.String(20))
    payer_person_id: Mapped[int | None] = mapped_column(BigId)
    payer_name: Mapped[str | None] = mapped_column(sa.String(200))
    reference: Mapped[str | None] = mapped_column(sa.String(100))  # a transfer slip number, cheque…
    credit_account_id: Mapped[int] = mapped_column(BigId, nullable=False)  # what the money settles
    debit_account_id: Mapped[int] = mapped_column(BigId, nullable=False)  # where the money lands
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    failure_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    succeeded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    payer = tenant_relationship("Payment", "payer_person_id", "Person", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_payment_idempotency_key"),
        sa.UniqueConstraint("tenant_id", "provider", "provider_ref", name="uq_payment_provider_ref"),
        sa.Index("ix_payment_tenant_ref1", "tenant_id", "ref1"),
        sa.Index("ix_payment_tenant_purpose", "tenant_id", "purpose"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("refunded >= 0 AND refunded <= amount", name="refund_within_amount"),
        sa.CheckConstraint(_in("status", STATUSES), name="status"),
        sa.CheckConstraint(_in("method", METHODS), name="method"),
        sa.CheckConstraint(_in("provider", PROVIDERS), name="provider"),
    )

    @property
    def refundable(self) -> int:
        return self.amount - self.refunded if self.status in ("succeeded", "partly_refunded") else 0


class PaymentEvent(TenantScoped, Model):
    """Every status change of a payment: from, to, who or what caused it."""

    __tablename__ = "payment_event"
    __tenant_refs__ = {"payment_id": "payment"}

    payment_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    source: Mapped[str] = mapped_column(sa.String(40), nullable=False)  # webhook:evt_…, staff, fake
    actor_user_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    detail: Mapped[dict | None] = mapped_column(sa.JSON)


class Refund(TenantScoped, Model):
    __tablename__ = "payment_refund"
    __tenant_refs__ = {"payment_id": "payment", "journal_entry_id": "journal_entry"}

    payment_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    provider_ref: Mapped[str] = mapped_column(sa.String(255), nullable=False)  # re_… or our own key
    reason: Mapped[str | None] = mapped_column(sa.Text)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"))

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "provider_ref", name="uq_payment_refund_provider_ref"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
    )
