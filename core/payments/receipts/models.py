"""Receipts and their counters. A receipt number is taken from a counter row
per (tenant, book, Buddhist-Era year), changed in the same transaction as the
receipt: numbers are unique and gapless, and a rolled-back receipt gives its
number back. A receipt is never deleted; voiding keeps its number."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, tenant_relationship, utcnow


class ReceiptCounter(TenantScoped, Model):
    """The last number issued in one receipt book for one year."""

    __tablename__ = "receipt_counter"

    book: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # Buddhist Era, e.g. 2569
    last_number: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "book", "year", name="uq_receipt_counter_book_year"),
        sa.CheckConstraint("last_number >= 0", name="last_number_not_negative"),
    )


class Receipt(TenantScoped, Model):
    __tablename__ = "receipt"
    __tenant_refs__ = {
        "payment_id": "payment",
        "payer_person_id": "person",
        "void_entry_id": "journal_entry",
    }

    book: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # Buddhist Era
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    display_number: Mapped[str] = mapped_column(sa.String(60), nullable=False)  # 2569/000123
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    payment_id: Mapped[int | None] = mapped_column(BigId, index=True)
    payer_person_id: Mapped[int | None] = mapped_column(BigId)
    payer_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)  # a name, never an ID number
    amount: Mapped[int] = mapped_column(Satang, nullable=False)
    description: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    method: Mapped[str | None] = mapped_column(sa.String(20))
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    issued_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    void_reason: Mapped[str | None] = mapped_column(sa.Text)
    voided_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    void_entry_id: Mapped[int | None] = mapped_column(BigId)

    payment = tenant_relationship("Receipt", "payment_id", "Payment", viewonly=True)
    issued_by = relationship("User", foreign_keys=[issued_by_user_id], viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "book", "year", "number", name="uq_receipt_number"),
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_receipt_payment"),
        sa.Index("ix_receipt_tenant_issued_at", "tenant_id", "issued_at"),
        sa.CheckConstraint("number > 0", name="number_positive"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name="void_has_reason"),
    )

    @property
    def voided(self) -> bool:
        return self.voided_at is not None
