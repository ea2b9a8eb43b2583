"""Actions held above a ceiling until a second authorised person confirms
them. The held row keeps what to do again (``action`` and ``payload``) and
who asked; it is confirmed (the action is done then, in the confirmer's
transaction) or rejected, once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, Satang, TenantScoped, TimestampMixin, UtcDateTime

STATUSES = ("held", "confirmed", "rejected")


class HeldAction(TenantScoped, TimestampMixin, Model):
    __tablename__ = "ceiling_held_action"

    kind: Mapped[str] = mapped_column(sa.String(30), nullable=False)  # cash_receipt, donation, …
    action: Mapped[str] = mapped_column(sa.String(60), nullable=False)  # what confirming runs again
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # satang, or units for stock
    ceiling: Mapped[int] = mapped_column(Satang, nullable=False)
    summary: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    payload: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="held")
    requested_by_user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    decided_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    result_ref: Mapped[str | None] = mapped_column(sa.String(120))  # what the confirmed action made

    requested_by = relationship("User", foreign_keys=[requested_by_user_id], viewonly=True)
    decided_by = relationship("User", foreign_keys=[decided_by_user_id], viewonly=True)

    __extra_table_args__ = (
        sa.Index("ix_ceiling_held_action_tenant_status", "tenant_id", "status"),
        sa.CheckConstraint("status IN ('held', 'confirmed', 'rejected')", name="status"),
        sa.CheckConstraint("amount > ceiling", name="above_ceiling"),
        sa.CheckConstraint("status = 'held' OR decided_by_user_id IS NOT NULL", name="decided_has_person"),
        sa.CheckConstraint("decided_by_user_id IS NULL OR decided_by_user_id <> requested_by_user_id",
                           name="second_person"),
    )
