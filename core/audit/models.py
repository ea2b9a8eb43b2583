"""The audit log: who did what, in which tenant, when, with a before/after summary."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, UtcDateTime, utcnow


class AuditEvent(TenantScoped, Model):
    __tablename__ = "audit_event"

    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(80), nullable=False, index=True)  # e.g. registry.household.update
    target_type: Mapped[str | None] = mapped_column(sa.String(60))
    target_id: Mapped[int | None] = mapped_column(BigId)
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    ip: Mapped[str | None] = mapped_column(sa.String(45))


import core.audit.sql  # noqa: E402,F401  (attaches the append-only trigger)
