"""Stripe payouts: one bank line for many card and PromptPay payments.

A :class:`StripePayout` is what Stripe sent to the bank (its net amount and
the fees kept back); its :class:`StripeBalanceTransaction` rows are what made
it up — charges, refunds, fees, adjustments — each tied to our payment when
its source (the charge or PaymentIntent) is one of ours. When the payout's
bank line is found, the payout records the line and the journal entry that
moved its money from the provider clearing account to the bank.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, TimestampMixin, UtcDateTime

# Balance transaction types that mirror money our payments put into (or took
# out of) the clearing account; every other type is a fee or adjustment.
PAYMENT_TYPES = ("charge", "payment", "refund", "payment_refund")


class StripePayout(TenantScoped, TimestampMixin, Model):
    __tablename__ = "stripe_payout"
    __tenant_refs__ = {
        "statement_line_id": "statement_line:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    stripe_id: Mapped[str] = mapped_column(sa.String(255), nullable=False)  # po_…
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # net, as it reaches the bank
    fee_total: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    currency: Mapped[str] = mapped_column(sa.String(3), nullable=False, default="thb")
    arrival_date: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # Stripe's: paid, in_transit…
    description: Mapped[str | None] = mapped_column(sa.String(300))
    transactions_synced: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    statement_line_id: Mapped[int | None] = mapped_column(BigId)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    matched_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "stripe_id", name="uq_stripe_payout_stripe_id"),
        sa.UniqueConstraint("tenant_id", "statement_line_id", name="uq_stripe_payout_statement_line"),
        sa.Index("ix_stripe_payout_tenant_arrival", "tenant_id", "arrival_date"),
    )


class StripeBalanceTransaction(TenantScoped, Model):
    __tablename__ = "stripe_balance_transaction"
    __tenant_refs__ = {"payout_id": "stripe_payout:CASCADE", "payment_id": "payment:RESTRICT"}

    payout_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    stripe_id: Mapped[str] = mapped_column(sa.String(255), nullable=False)  # txn_…
    type: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # gross, signed
    fee: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    net: Mapped[int] = mapped_column(Satang, nullable=False)
    source_id: Mapped[str | None] = mapped_column(sa.String(255))  # ch_…, re_…, pi_…
    payment_intent_id: Mapped[str | None] = mapped_column(sa.String(255))
    metadata_payment_id: Mapped[int | None] = mapped_column(sa.BigInteger)  # as Stripe echoes it back
    created: Mapped[datetime | None] = mapped_column(UtcDateTime())
    payment_id: Mapped[int | None] = mapped_column(BigId)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "stripe_id", name="uq_stripe_balance_transaction_stripe_id"),
        sa.Index("ix_stripe_balance_transaction_source", "tenant_id", "source_id"),
        sa.Index("ix_stripe_balance_transaction_payment", "tenant_id", "payment_id"),
    )
