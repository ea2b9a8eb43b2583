"""The queue at the centre: check-in (QR or short code), walk-in tickets,
calling the next number and the "now serving" screen."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.i18n.formatting import format_datetime
from market.models.rounds import Booking, QueueTicket, Round
from market.rounds import errors
from market.rounds.services import STATUS_LABELS, get_round


def check_in(
    booking: Booking,
    *,
    actor_id: int | None,
    collector_name: str | None = None,
    collector_relation: str | None = None,
    now: datetime | None = None,
) -> QueueTicket:
    """Mark a booking arrived and put it in the queue. Someone collecting for a
    family member is recorded by name and relation."""
    now = now or utcnow()
    collector_name = (collector_name or "").strip()[:200] or None
    collector_relation = (collector_relation or "").strip()[:100] or None
    done = db.session.execute(
        sa.update(Booking)
        .where(Booking.id == booking.id, Booking.status == "booked")
        .values(
            status="checked_in",
            checked_in_at=now,
            checked_in_by_user_id=actor_id,
            collector_name=collector_name,
            collector_relation=collector_relation,
            updated_at=now,
        )
        .returning(Booking.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.expire(booking)
    if done is None:
        db.session.refresh(booking)
        if booking.status == "checked_in":
            raise errors.AlreadyCheckedIn(time=format_datetime(booking.checked_in_at))
        raise errors.BookingNotActive(status=STATUS_LABELS[booking.status])
    ticket = QueueTicket(
        round_id=booking.round_id,
        booking_id=booking.id,
        household_id=booking.household_id,
        number=booking.queue_number,
        kind="booking",
        status="waiting",
        created_at=now,
    )
    db.session.add(ticket)
    db.session.flush()
    record(
        "market.booking.check_in",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
        after={"collector_name": collector_name, "collector_relation": collector_relation},
    )
    return ticket


def mark_collected(booking: Booking, *, actor_id: int | None) -> None:
    done = db.session.execute(
        sa.update(Booking)
        .where(Booking.id == booking.id, Booking.status == "checked_in")
        .values(status="collected", updated_at=utcnow())
        .returning(Booking.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.expire(booking)
    if done is None:
        db.session.refresh(booking)
        raise errors.BookingNotActive(status=STATUS_LABELS[booking.status])
    record(
        "market.booking.collect",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
    )


def walk_in(
    round_id: int, *, household_id: int | None = None, actor_id: int | None = None
) -> QueueTicket:
    """A queue ticket for someone without a booking: W1, W2, …"""
    get_round(round_id)
    n = db.session.execute(
        sa.update(Round)
        .where(Round.id == round_id)
        .values(walkin_seq=Round.walkin_seq + 1)
        .returning(Round.walkin_seq)
        .execution_options(synchronize_session=False)
    ).scalar()
    ticket = QueueTicket(
        round_id=round_id,
        household_id=household_id,
        number=f"W{n}",
        kind="walkin",
        status="waiting",
        created_at=utcnow(),
    )
    db.session.add(ticket)
    db.session.flush()
    record(
        "market.queue.walk_in",
        actor_id=actor_id,
        target_type="market_queue_ticket",
        target_id=ticket.id,
    )
    return ticket


def call_next(round_id: int, *, actor_id: int | None = None) -> QueueTicket:
    """The ticket called now is served; the longest-waiting one is called.
    Two desks pressing at once get two different tickets (SKIP LOCKED)."""
    round_ = get_round(round_id)
    db.session.execute(
        sa.update(QueueTicket)
        .where(
            QueueTicket.round_id == round_id,
            QueueTicket.status == "called",
            QueueTicket.called_at < utcnow(),
        )
        .values(status="served")
        .execution_options(synchronize_session=False)
    )
    query = (
        sa.select(QueueTicket)
        .where(QueueTicket.round_id == round_id, QueueTicket.status == "waiting")
        .order_by(QueueTicket.created_at, QueueTicket.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ticket = db.session.scalar(query)
    if ticket is None:
        raise errors.NoWaitingTickets()
    ticket.status = "called"
    ticket.called_at = utcnow()
    round_.now_serving = ticket.number
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # pragma: no cover - defensive
        raise errors.NoWaitingTickets() from None
    return ticket


def now_serving(round_id: int) -> dict:
    round_ = get_round(round_id)
    waiting = list(
        db.session.scalars(
            sa.select(QueueTicket.number)
            .where(QueueTicket.round_id == round_id, QueueTicket.status == "waiting")
            .order_by(QueueTicket.created_at, QueueTicket.id)
            .limit(8)
        )
    )
    called = list(
        db.session.scalars(
            sa.select(QueueTicket.number)
            .where(QueueTicket.round_id == round_id, QueueTicket.status == "called")
            .order_by(QueueTicket.called_at.desc())
            .limit(4)
        )
    )
    return {
        "round": round_.name,
        "now_serving": round_.now_serving,
        "called": called,
        "waiting": waiting,
    }
