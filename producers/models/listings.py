"""producers listings models: goods offered from a certified plot (or one of
its lots) and consumers' reservations of them.

A listing is shown only while its plot's certificate is active (computed at
read time from ``producers.certification``); ``quantity_available`` falls by one
conditional UPDATE per reservation and rises again when one is declined or
cancelled."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, TimestampMixin, UtcDateTime, db
from producers.models import lots, pgs  # noqa: F401  (the tables referenced below)

UNITS = ("kg", "g", "piece", "bunch", "bag", "box", "litre", "dozen")
LISTING_STATUSES = ("open", "closed")
RESERVATION_STATUSES = ("pending", "confirmed", "declined", "cancelled", "collected")
PAYMENT_METHODS = ("cash", "online")
FULFILMENTS = ("pickup", "delivery")


def _refs(refs: dict[str, str]) -> dict[str, str]:
    """Composite keys to the tables that exist (producer areas land one by one)."""
    return {c: t for c, t in refs.items() if t.partition(":")[0] in db.metadata.tables}


class Listing(TenantScoped, TimestampMixin, Model):
    __tablename__ = "producer_listing"
    __tenant_refs__ = _refs({"plot_id": "producer_plot", "lot_id": "producer_lot"})
    __extra_table_args__ = (
        sa.CheckConstraint("price > 0", name="price_positive"),
        sa.CheckConstraint("quantity_listed > 0", name="listed_positive"),
        sa.CheckConstraint(
            "quantity_available >= 0 AND quantity_available <= quantity_listed", name="available_within_listed"
        ),
        sa.CheckConstraint("pickup OR delivery", name="some_fulfilment"),
        sa.CheckConstraint("status IN ('open','closed')", name="status"),
    )

    plot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    lot_id: Mapped[int | None] = mapped_column(BigId, index=True)
    crop: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    description: Mapped[str | None] = mapped_column(sa.Text)
    unit: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="kg")
    price: Mapped[int] = mapped_column(Satang, nullable=False)  # per unit
    quantity_listed: Mapped[int] = mapped_column(sa.Integer, nullable=False)  # whole units
    quantity_available: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    pickup: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    delivery: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    pickup_note: Mapped[str | None] = mapped_column(sa.String(300))  # where and when to collect
    delivery_note: Mapped[str | None] = mapped_column(sa.String(300))
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="open")
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )


class Reservation(TenantScoped, TimestampMixin, Model):
    """A consumer's reservation: a logged-in user or a guest who leaves a
    name and phone. ``token`` lets a guest see or cancel it without an
    account."""

    __tablename__ = "producer_reservation"
    __tenant_refs__ = _refs({"listing_id": "producer_listing"})
    __extra_table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint(
            "status IN ('pending','confirmed','declined','cancelled','collected')", name="status"
        ),
        sa.CheckConstraint("consumer_user_id IS NOT NULL OR guest_phone IS NOT NULL", name="someone"),
    )

    listing_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    quantity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # price × quantity at reservation
    pickup_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    fulfilment: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="pickup")
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="pending")
    consumer_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    guest_name: Mapped[str | None] = mapped_column(sa.String(200))
    guest_phone: Mapped[str | None] = mapped_column(sa.String(20))  # E.164; shown only to the producer
    note: Mapped[str | None] = mapped_column(sa.String(500))
    token: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    payment_method: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="cash")
    payment_id: Mapped[int | None] = mapped_column(BigId)
    paid: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str | None] = mapped_column(sa.String(300))
