"""Stripe webhook events, each recorded once per tenant in the same
transaction as its effect: a second delivery hits the UNIQUE key and is a
no-op."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, UtcDateTime, utcnow

OUTCOMES = ("applied", "no_op", "ignored", "unknown_payment", "rejected")


class StripeEvent(TenantScoped, Model):
    __tablename__ = "payment_stripe_event"
    __tenant_refs__ = {"payment_id": "payment"}

    event_id: Mapped[str] = mapped_column(sa.String(255), nullable=False)  # evt_…
    type: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    payment_id: Mapped[int | None] = mapped_column(BigId)
    livemode: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    created: Mapped[int | None] = mapped_column(sa.BigInteger)  # Stripe's own unix time
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    detail: Mapped[str | None] = mapped_column(sa.String(500))

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "event_id", name="uq_payment_stripe_event_event_id"),
        sa.Index("ix_payment_stripe_event_tenant_payment", "tenant_id", "payment_id"),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN (" + ", ".join(repr(o) for o in OUTCOMES) + ")",
            name="outcome",
        ),
    )
