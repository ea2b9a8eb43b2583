"""The queue at the centre: check-in (QR or short code), walk-in tickets,
calling the next number and the "now serving" screen.

A booking is checked in only on its slot's day, within the centre's window
(:mod:`market.rounds.policies`). A household holds one ticket per round: the
partial UNIQUE index on tickets decides between two desks serving it at once,
and the loser is told which ticket the household already has."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.errors import NotFound
from core.i18n.formatting import format_date, format_datetime
from core.registry.models import Household
from market.models.catalog import Centre
from market.models.rounds import Booking, QueueTicket, Round, Slot
from market.rounds import errors, policies
from market.rounds.services import STATUS_LABELS, active_booking, get_round


def checkin_window(booking: Booking) -> tuple[datetime, datetime]:
    """When this booking may be checked in (its centre's window on the slot's day)."""
    slot, centre = _slot_and_centre(booking)
    return policies.checkin_window(
        slot.starts_at, slot.ends_at,
        before=centre.checkin_before_minutes, after=centre.checkin_after_minutes,
    )


def _slot_and_centre(booking: Booking) -> tuple[Slot, Centre]:
    slot = db.session.get(Slot, booking.slot_id)
    round_ = get_round(booking.round_id)
    centre = db.session.get(Centre, round_.centre_id)
    if slot is None or centre is None:
        raise NotFound()
    return slot, centre


def _check_day_and_window(booking: Booking, now: datetime) -> None:
    slot, centre = _slot_and_centre(booking)
    refusal = policies.checkin_refusal(
        now, slot.starts_at, slot.ends_at,
        before=centre.checkin_before_minutes, after=centre.checkin_after_minutes,
    )
    if refusal is None:
        return
    reason, moment = refusal
    if reason == "wrong_day":
        raise errors.CheckInWrongDay(day=format_date(moment, "long"))
    if reason == "too_early":
        raise errors.CheckInNotYet(time=format_datetime(moment))
    raise errors.CheckInClosed(time=format_datetime(moment))


def _ticket_of(round_id: int, household_id: int) -> QueueTicket | None:
    return db.session.scalar(
        sa.select(QueueTicket).where(
            QueueTicket.round_id == round_id, QueueTicket.household_id == household_id
        )
    )


def _add_ticket(ticket: QueueTicket) -> None:
    """Insert the ticket in the caller's savepoint; a second ticket for the
    household in the round is refused by the UNIQUE index, even under races."""
    db.session.add(ticket)
    db.session.flush()


def check_in(
    booking: Booking,
    *,
    actor_id: int | None,
    collector_name: str | None = None,
    collector_relation: str | None = None,
    now: datetime | None = None,
) -> QueueTicket:
    """Mark a booking arrived and put it in the queue: only on the slot's day,
    within the centre's window. Someone collecting for a family member is
    recorded by name and relation."""
    now = now or utcnow()
    collector_name = (collector_name or "").strip()[:200] or None
    collector_relation = (collector_relation or "").strip()[:100] or None
    if db.session.get_bind().dialect.name == "postgresql":  # the common case in two statements
        from market.rounds import checkin_at_once

        ticket = checkin_at_once.check_in(booking, actor_id=actor_id, collector_name=collector_name,
                                          collector_relation=collector_relation, now=now)
        if ticket is not None:
            return ticket
    # the rules one by one: what refuses a check-in is named here
    if booking.status == "booked":
        _check_day_and_window(booking, now)
    savepoint = db.session.begin_nested()
    try:
        ticket = _check_in_row(booking, now, actor_id, collector_name, collector_relation)
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        db.session.expire(booking)
        existing = _ticket_of(booking.round_id, booking.household_id)
        if existing is None:
            raise
        raise errors.AlreadyInQueue(number=existing.number) from None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    record(
        "market.booking.check_in",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
        after={"collector_name": collector_name, "collector_relation": collector_relation},
    )
    return ticket


def _check_in_row(booking, now, actor_id, collector_name, collector_relation) -> QueueTicket:
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
    _add_ticket(ticket)
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
    """A queue ticket for someone without a booking: W1, W2, … One per
    household per round; a household with a booking is checked in instead."""
    get_round(round_id)
    if household_id is not None:
        if db.session.scalar(sa.select(Household.id).where(Household.id == household_id)) is None:
            raise errors.WalkInUnknownHousehold(field="household_id")
        _refuse_second_ticket(round_id, household_id)
    savepoint = db.session.begin_nested()
    try:
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
        _add_ticket(ticket)
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        if household_id is None:
            raise
        _refuse_second_ticket(round_id, household_id)
        raise
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    record(
        "market.queue.walk_in",
        actor_id=actor_id,
        target_type="market_queue_ticket",
        target_id=ticket.id,
        after={"household_id": household_id, "number": ticket.number},
    )
    return ticket


def _refuse_second_ticket(round_id: int, household_id: int) -> None:
    existing = _ticket_of(round_id, household_id)
    if existing is not None:
        raise errors.AlreadyInQueue(number=existing.number)
    booking = active_booking(round_id, household_id)
    if booking is not None and booking.status == "booked":
        raise errors.WalkInHasBooking(number=booking.queue_number)


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
