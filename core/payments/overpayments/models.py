"""Money that arrived for something already settled: a second method, a
second online payment, a payment after a cancellation. Each is an open
exception until staff refund it (through the gateway for Stripe, by hand with
a numbered refund receipt otherwise); one per payment."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import (
    BigId,
    Model,
    Satang,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
)

STATUSES = ("open", "refunded", "credited")
REASONS = ("already_paid", "after_cancel")


class Overpayment(TenantScoped, TimestampMixin, Model):
    __tablename__ = "payment_overpayment"
    __tenant_refs__ = {"payment_id": "payment", "refund_id": "payment_refund", "receipt_id": "receipt"}

    payment_id: Mapped[int] = mapped_column(BigId, nullable=False)
    purpose: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    reason: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="open")
    refund_id: Mapped[int | None] = mapped_column(BigId)
    receipt_id: Mapped[int | None] = mapped_column(BigId)  # the refund receipt the payer signs
    # kept for the payer by a domain instead (a household's store credit): its reference
    credit_ref: Mapped[str | None] = mapped_column(sa.String(80))
    resolved_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # not a column: set while refund() closes this row itself, so the payment's
    # refund hook leaves it alone (a plain attribute, unannotated so it is not mapped)
    refunding = False

    payment = tenant_relationship("Overpayment", "payment_id", "Payment", viewonly=True)
    resolved_by = relationship("User", foreign_keys=[resolved_by_user_id], viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_payment_overpayment_payment"),
        sa.Index("ix_payment_overpayment_tenant_status", "tenant_id", "status"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("status IN ('open', 'refunded', 'credited')", name="status"),
        sa.CheckConstraint("reason IN ('already_paid', 'after_cancel')", name="reason"),
        sa.CheckConstraint("status <> 'refunded' OR refund_id IS NOT NULL", name="refunded_has_refund"),
        sa.CheckConstraint("status <> 'credited' OR credit_ref IS NOT NULL", name="credited_has_ref"),
    )
