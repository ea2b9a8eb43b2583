"""market delivery attempts: each visit that did not hand the goods over,
with its reason. The delivery stays open for another attempt; only staff
cancel the order."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, TenantScoped, UtcDateTime, utcnow


class DeliveryAttempt(TenantScoped, Model):
    __tablename__ = "market_delivery_attempt"
    __tenant_refs__ = {"delivery_id": "market_delivery:CASCADE"}

    delivery_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    volunteer_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    volunteer = relationship("User", foreign_keys=[volunteer_user_id], viewonly=True)

    __extra_table_args__ = (sa.CheckConstraint("length(reason) > 0", name="has_reason"),)
