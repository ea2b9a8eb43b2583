"""market wallet models: store credit (money the centre owes a household:
refunds, overpayments) and the wallet payments of orders.

The household wallet is three instruments: coupons and waste-bank credit
(market.models.coupons) and store credit (here). Store credit has the same
safety as the others: a balance changed only through one conditional
``UPDATE … WHERE balance >= :n``, append-only entries keyed by an idempotency
key, a reversal once only (UNIQUE)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, TimestampMixin, UtcDateTime, utcnow

STORE_CREDIT_SOURCES = ("refund", "overpayment", "adjustment")
# instruments an order can be paid with from the wallet besides coupons
# (coupon payments are OrderCoupon rows)
WALLET_PAYMENT_INSTRUMENTS = ("store_credit", "waste_credit")


class StoreCredit(TenantScoped, TimestampMixin, Model):
    """A household's store credit at the centre."""

    __tablename__ = "market_store_credit"
    __tenant_refs__ = {"household_id": "household"}

    household_id: Mapped[int] = mapped_column(BigId, nullable=False)
    balance_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "household_id", name="uq_market_store_credit_household"),
        sa.CheckConstraint("balance_satang >= 0", name="balance_not_negative"),
    )


class StoreCreditEntry(TenantScoped, Model):
    """Append-only movements of store credit: a credit (a refund, an
    overpayment, an adjustment), a spend, or the reversal of a spend."""

    __tablename__ = "market_store_credit_entry"
    __tenant_refs__ = {
        "store_credit_id": "market_store_credit",
        "service_point_id": "market_service_point",
        "reversal_of_id": "market_store_credit_entry",
    }

    store_credit_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # credit | spend | reversal
    source: Mapped[str | None] = mapped_column(sa.String(20))  # a credit's origin
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)  # + credit, - debit
    idempotency_key: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    service_point_id: Mapped[int | None] = mapped_column(BigId)
    operator_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    ref: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    note: Mapped[str | None] = mapped_column(sa.String(200))
    reversal_of_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, nullable=False)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_market_store_credit_entry_key"),
        sa.UniqueConstraint("reversal_of_id", name="uq_market_store_credit_entry_reversal"),
        sa.CheckConstraint("kind IN ('credit','spend','reversal')", name="kind"),
        sa.CheckConstraint(
            "source IS NULL OR source IN ('refund','overpayment','adjustment')", name="source"
        ),
        sa.CheckConstraint(
            "(kind = 'credit' AND amount_satang > 0 AND source IS NOT NULL)"
            " OR (kind = 'spend' AND amount_satang < 0)"
            " OR (kind = 'reversal' AND amount_satang > 0 AND reversal_of_id IS NOT NULL)",
            name="sign_matches_kind",
        ),
    )


class OrderWalletPayment(TenantScoped, Model):
    """Store credit or waste-bank credit that paid part of an order;
    ``reversed_at`` once the value went back to the wallet."""

    __tablename__ = "market_order_wallet_payment"
    __tenant_refs__ = {
        "order_id": "market_order:CASCADE",
        "store_credit_entry_id": "market_store_credit_entry",
        "wallet_entry_id": "market_wallet_entry",
    }

    order_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    instrument: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    store_credit_entry_id: Mapped[int | None] = mapped_column(BigId)
    wallet_entry_id: Mapped[int | None] = mapped_column(BigId)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    reversed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "store_credit_entry_id", name="uq_market_order_wallet_payment_store_credit"
        ),
        sa.UniqueConstraint(
            "tenant_id", "wallet_entry_id", name="uq_market_order_wallet_payment_waste_credit"
        ),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint(
            "(instrument = 'store_credit' AND store_credit_entry_id IS NOT NULL AND wallet_entry_id IS NULL)"
            " OR (instrument = 'waste_credit' AND wallet_entry_id IS NOT NULL"
            " AND store_credit_entry_id IS NULL)",
            name="one_instrument",
        ),
    )
