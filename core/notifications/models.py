"""The outbox: one row per message to send, written in the business
transaction, plus one delivery row per attempt."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, TimestampMixin, UtcDateTime, utcnow

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATUSES = (PENDING, SENDING, SENT, FAILED)


class Notification(TenantScoped, TimestampMixin, Model):
    __tablename__ = "notification"
    __tenant_refs__ = {"to_person_id": "person"}

    to_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    to_person_id: Mapped[int | None] = mapped_column(BigId, index=True)
    address: Mapped[str | None] = mapped_column(sa.String(254))  # email or E.164 phone
    channel: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # see channels.registry
    template: Mapped[str] = mapped_column(sa.String(80), nullable=False)
    params: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    lang: Mapped[str] = mapped_column(sa.String(5), nullable=False, default="th")
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default=PENDING)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    provider_response: Mapped[str | None] = mapped_column(sa.Text)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_notification_idempotency"),
        sa.Index("ix_notification_status_updated", "status", "updated_at"),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        sa.CheckConstraint("lang IN ('th', 'en')", name="lang"),
    )


class NotificationDelivery(TenantScoped, Model):
    """One attempt to deliver a notification: what the provider said."""

    __tablename__ = "notification_delivery"
    __tenant_refs__ = {"notification_id": "notification:CASCADE"}

    notification_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # sent | retry | failed
    response: Mapped[str | None] = mapped_column(sa.Text)
    error: Mapped[str | None] = mapped_column(sa.Text)


class ContactPreference(TenantScoped, TimestampMixin, Model):
    """How a person wants to be reached: channels in order of preference,
    channels (or everything) they opted out of, and addresses the registry
    does not hold (their LINE user id, an email without a user account)."""

    __tablename__ = "contact_preference"
    __tenant_refs__ = {"person_id": "person:CASCADE"}

    person_id: Mapped[int] = mapped_column(BigId, nullable=False)
    channel_order: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    opted_out_channels: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)
    opted_out_all: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    line_user_id: Mapped[str | None] = mapped_column(sa.String(64))
    email: Mapped[str | None] = mapped_column(sa.String(254))

    __extra_table_args__ = (sa.UniqueConstraint("tenant_id", "person_id", name="uq_contact_preference_person"),)

    def opted_out_of(self, channel: str) -> bool:
        return self.opted_out_all or channel in (self.opted_out_channels or [])
