"""market rounds models: distribution rounds, goods on offer, slot templates,
slots, bookings and the queue at the centre.

Slot capacity holds under any concurrency: ``booked`` changes only through one
conditional ``UPDATE … WHERE booked < capacity``; one active booking per
household per round is a partial UNIQUE index."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import (
    BigId,
    Model,
    Satang,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
    utcnow,
)

ROUND_STATUSES = ("draft", "open", "closed", "finished", "cancelled")
BOOKING_STATUSES = ("booked", "checked_in", "collected", "cancelled", "no_show")
ACTIVE_BOOKING_STATUSES = ("booked", "checked_in", "collected")


class Round(TenantScoped, TimestampMixin, Model):
    __tablename__ = "market_round"
    __crossing_fanout__ = "status IN ('open', 'closed')"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {"centre_id": "market_centre"}

    centre_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    starts_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    booking_opens_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    booking_closes_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="draft")
    grace_minutes: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=30)
    # counters changed by conditional UPDATE … RETURNING only
    walkin_seq: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    now_serving: Mapped[str | None] = mapped_column(sa.String(20))

    centre = tenant_relationship("Round", "centre_id", "Centre", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint(
            "status IN ('draft','open','closed','finished','cancelled')", name="status"
        ),
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("booking_closes_at > booking_opens_at", name="booking_window"),
        sa.CheckConstraint("grace_minutes >= 0", name="grace_not_negative"),
    )


class RoundOffer(TenantScoped, Model):
    """An item on offer in a round, at a price, with a per-household limit."""

    __tablename__ = "market_round_offer"
    __tenant_refs__ = {"round_id": "market_round:CASCADE", "item_id": "market_item"}

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(BigId, nullable=False)
    price_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    limit_per_household: Mapped[int | None] = mapped_column(sa.Integer)

    item = tenant_relationship("RoundOffer", "item_id", "Item", viewonly=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "round_id", "item_id", name="uq_market_round_offer_item"),
        sa.CheckConstraint("price_satang >= 0", name="price_not_negative"),
        sa.CheckConstraint(
            "limit_per_household IS NULL OR limit_per_household > 0", name="limit_positive"
        ),
    )


class SlotTemplate(TenantScoped, Model):
    """ "Every 15 minutes from 09:00 to 12:00, capacity 10", stamped into slots
    for each day of the round (optionally only some weekdays)."""

    __tablename__ = "market_slot_template"
    __tenant_refs__ = {"round_id": "market_round:CASCADE"}

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    start_time: Mapped[time] = mapped_column(sa.Time, nullable=False)
    end_time: Mapped[time] = mapped_column(sa.Time, nullable=False)
    interval_minutes: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=15)
    capacity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    weekdays: Mapped[list] = mapped_column(
        sa.JSON, nullable=False, default=list
    )  # 0=Mon…6=Sun; empty: all

    __extra_table_args__ = (
        sa.CheckConstraint("end_time > start_time", name="times_in_order"),
        sa.CheckConstraint(
            "interval_minutes >= 5 AND interval_minutes <= 480", name="interval_range"
        ),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
    )


class Slot(TenantScoped, Model):
    __tablename__ = "market_slot"
    __tenant_refs__ = {"round_id": "market_round:CASCADE"}

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    capacity: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    booked: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    position: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=1
    )  # 1-based within the round
    seq: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=0
    )  # queue numbers handed out

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "round_id", "starts_at", name="uq_market_slot_start"),
        sa.CheckConstraint("ends_at > starts_at", name="times_in_order"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
    )


class Booking(TenantScoped, TimestampMixin, Model):
    __tablename__ = "market_booking"
    __tenant_refs__ = {
        "round_id": "market_round",
        "household_id": "household",
        "slot_id": "market_slot",
    }

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    household_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    slot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    queue_number: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    code: Mapped[str] = mapped_column(sa.String(12), nullable=False)  # short code typed at the desk
    token: Mapped[str] = mapped_column(sa.String(64), nullable=False)  # in the QR URL
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="booked")
    booked_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checked_in_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    collector_name: Mapped[str | None] = mapped_column(
        sa.String(200)
    )  # collecting for a family member
    collector_relation: Mapped[str | None] = mapped_column(sa.String(100))
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    slot = tenant_relationship("Booking", "slot_id", "Slot", viewonly=True)
    round = tenant_relationship("Booking", "round_id", "Round", viewonly=True)
    household = tenant_relationship("Booking", "household_id", "Household", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint(
            "status IN ('booked','checked_in','collected','cancelled','no_show')", name="status"
        ),
        sa.UniqueConstraint("token", name="uq_market_booking_token"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_market_booking_code"),
        sa.Index(
            "uq_market_booking_one_per_round",
            "tenant_id",
            "round_id",
            "household_id",
            unique=True,
            postgresql_where=sa.text("status IN ('booked','checked_in','collected')"),
            sqlite_where=sa.text("status IN ('booked','checked_in','collected')"),
        ),
    )


class QueueTicket(TenantScoped, Model):
    """A place in the queue at the centre: a checked-in booking, or a walk-in.
    A household holds at most one ticket per round (a partial UNIQUE index)."""

    __tablename__ = "market_queue_ticket"
    __tenant_refs__ = {
        "round_id": "market_round",
        "booking_id": "market_booking",
        "household_id": "household",
    }

    round_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    booking_id: Mapped[int | None] = mapped_column(BigId)
    household_id: Mapped[int | None] = mapped_column(BigId)
    number: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # booking | walkin
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="waiting")
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=utcnow, nullable=False
    )
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "round_id", "number", name="uq_market_queue_ticket_number"
        ),
        sa.UniqueConstraint("booking_id", name="uq_market_queue_ticket_booking"),
        # one ticket per household per round (a checked-in booking or a walk-in)
        sa.Index(
            "uq_market_queue_ticket_household",
            "tenant_id",
            "round_id",
            "household_id",
            unique=True,
            postgresql_where=sa.text("household_id IS NOT NULL"),
            sqlite_where=sa.text("household_id IS NOT NULL"),
        ),
        sa.CheckConstraint("kind IN ('booking','walkin')", name="kind"),
        sa.CheckConstraint("status IN ('waiting','called','served','skipped')", name="status"),
    )
