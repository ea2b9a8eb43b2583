"""Rounds, slots and bookings.

A slot's ``booked`` counter changes only by a conditional
``UPDATE … WHERE booked < capacity RETURNING``; a household's one booking per
round is a partial UNIQUE index. Booking, cancelling and rebooking each happen
inside a SAVEPOINT, so a refused step leaves nothing half-written.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.i18n.formatting import BANGKOK, format_date, format_datetime
from market.models.catalog import Centre, Item
from market.models.rounds import Booking, Round, RoundOffer, Slot, SlotTemplate
from market.rounds import (
    booking_at_once,
    errors,
    round_cache,  # noqa: F401 - its listeners mark rounds changed here as changed everywhere
)
from market.rounds.labels import BOOKING_STATUS

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
STATUS_LABELS = BOOKING_STATUS  # translated when the message that names one is shown


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- rounds, offers, templates, slots ------------------------------------------------


def save_round(data: dict, *, actor_id: int | None, round_: Round | None = None) -> Round:
    if not (data.get("name") or "").strip():
        raise ValidationError(N_("Enter a name"), field="name")
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError(N_("The last day must not be before the first"), field="ends_on")
    if data["booking_closes_at"] <= data["booking_opens_at"]:
        raise ValidationError(N_("Booking must close after it opens"), field="booking_closes_at")
    if db.session.get(Centre, data["centre_id"]) is None:
        raise ValidationError(N_("Choose a centre"), field="centre_id")
    if data.get("status", "draft") not in ("draft", "open", "closed", "finished", "cancelled"):
        raise ValidationError(N_("Unknown status"), field="status")
    round_ = round_ or Round()
    for name in (
        "centre_id",
        "name",
        "starts_on",
        "ends_on",
        "booking_opens_at",
        "booking_closes_at",
        "status",
        "grace_minutes",
    ):
        if name in data:
            setattr(round_, name, data[name])
    if round_.id is None:
        db.session.add(round_)
    db.session.flush()
    record(
        "market.round.save",
        actor_id=actor_id,
        target_type="market_round",
        target_id=round_.id,
        after={"name": round_.name, "status": round_.status},
    )
    return round_


def get_round(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise NotFound()
    return round_


def set_offer(
    round_id: int, item_id: int, *, price_satang: int, limit_per_household: int | None
) -> RoundOffer:
    get_round(round_id)
    if db.session.get(Item, item_id) is None:
        raise ValidationError(N_("Choose an item"), field="item_id")
    if price_satang < 0:
        raise ValidationError(N_("The price cannot be negative"), field="price_satang")
    if limit_per_household is not None and limit_per_household <= 0:
        raise ValidationError(
            N_("The limit must be greater than zero"), field="limit_per_household"
        )
    offer = db.session.scalar(
        sa.select(RoundOffer).where(RoundOffer.round_id == round_id, RoundOffer.item_id == item_id)
    )
    if offer is None:
        offer = RoundOffer(round_id=round_id, item_id=item_id)
        db.session.add(offer)
    offer.price_satang = price_satang
    offer.limit_per_household = limit_per_household
    db.session.flush()
    return offer


def offers(round_id: int) -> list[RoundOffer]:
    return list(
        db.session.scalars(
            sa.select(RoundOffer).where(RoundOffer.round_id == round_id).order_by(RoundOffer.id)
        )
    )


def add_template(
    round_id: int,
    *,
    start_time,
    end_time,
    interval_minutes: int,
    capacity: int,
    weekdays: list[int] | None = None,
) -> SlotTemplate:
    get_round(round_id)
    if end_time <= start_time:
        raise ValidationError(N_("The end must be after the start"), field="end_time")
    if not 5 <= interval_minutes <= 480:
        raise ValidationError(N_("Every 5 to 480 minutes"), field="interval_minutes")
    if capacity <= 0:
        raise ValidationError(N_("Capacity must be greater than zero"), field="capacity")
    if any(d not in range(7) for d in weekdays or ()):
        raise ValidationError(N_("Unknown weekday"), field="weekdays")
    template = SlotTemplate(
        round_id=round_id,
        start_time=start_time,
        end_time=end_time,
        interval_minutes=interval_minutes,
        capacity=capacity,
        weekdays=list(weekdays or ()),
    )
    db.session.add(template)
    db.session.flush()
    return template


def stamp(round_id: int) -> int:
    """Turn the round's templates into slots for each day of the round; slots
    that already exist are kept as they are. Returns how many were made."""
    round_ = get_round(round_id)
    existing = set(
        _aware(s)
        for s in db.session.scalars(sa.select(Slot.starts_at).where(Slot.round_id == round_id))
    )
    made = 0
    day = round_.starts_on
    templates = list(
        db.session.scalars(sa.select(SlotTemplate).where(SlotTemplate.round_id == round_id))
    )
    while day <= round_.ends_on:
        for template in templates:
            if template.weekdays and day.weekday() not in template.weekdays:
                continue
            start = datetime.combine(day, template.start_time, BANGKOK)
            end_of_day = datetime.combine(day, template.end_time, BANGKOK)
            step = timedelta(minutes=template.interval_minutes)
            while start + step <= end_of_day:
                if start not in existing:
                    db.session.add(
                        Slot(
                            round_id=round_id,
                            starts_at=start,
                            ends_at=start + step,
                            capacity=template.capacity,
                            booked=0,
                            seq=0,
                        )
                    )
                    existing.add(start)
                    made += 1
                start += step
        day += timedelta(days=1)
    db.session.flush()
    _number_slots(round_id)
    return made


def _number_slots(round_id: int) -> None:
    for position, slot in enumerate(slots(round_id), start=1):
        if slot.position != position and slot.seq == 0:
            slot.position = position
    db.session.flush()


def slots(round_id: int) -> list[Slot]:
    return list(
        db.session.scalars(
            sa.select(Slot).where(Slot.round_id == round_id).order_by(Slot.starts_at)
        )
    )


def bookable_rounds(now: datetime | None = None) -> list[Round]:
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(Round)
            .where(Round.status == "open", Round.booking_closes_at > now)
            .order_by(Round.starts_on)
        )
    )


# --- bookings --------------------------------------------------------------------


def _check_window(round_: Round, now: datetime) -> None:
    if round_.status != "open":
        raise errors.RoundNotOpen()
    if now < _aware(round_.booking_opens_at):
        raise errors.BookingNotOpen(date=format_datetime(round_.booking_opens_at))
    if now >= _aware(round_.booking_closes_at):
        raise errors.BookingClosed(date=format_datetime(round_.booking_closes_at))


def _slot_of(round_id: int, slot_id: int, now: datetime) -> Slot:
    slot = db.session.get(Slot, slot_id)
    if slot is None or slot.round_id != round_id:
        raise errors.SlotNotInRound(field="slot_id")
    if _aware(slot.ends_at) <= now:
        raise errors.SlotOver(time=format_datetime(slot.starts_at))
    return slot


def _take_place(slot: Slot) -> int:
    """One place in the slot, or SlotFull; the place's sequence number."""
    taken = db.session.execute(
        sa.update(Slot)
        .where(Slot.id == slot.id, Slot.booked < Slot.capacity)
        .values(booked=Slot.booked + 1, seq=Slot.seq + 1)
        .returning(Slot.seq)
        .execution_options(synchronize_session=False)
    ).scalar()
    if taken is None:
        raise errors.SlotFull(time=format_datetime(slot.starts_at))
    return taken


def _free_place(slot_id: int) -> None:
    db.session.execute(
        sa.update(Slot)
        .where(Slot.id == slot_id, Slot.booked > 0)
        .values(booked=Slot.booked - 1)
        .execution_options(synchronize_session=False)
    )


def _random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def _new_code() -> str:
    while True:
        code = _random_code()
        if db.session.scalar(sa.select(Booking.id).where(Booking.code == code)) is None:
            return code


def active_booking(round_id: int, household_id: int) -> Booking | None:
    return db.session.scalar(
        sa.select(Booking).where(
            Booking.round_id == round_id,
            Booking.household_id == household_id,
            Booking.status.in_(("booked", "checked_in", "collected")),
        )
    )


def book(
    round_id: int,
    household_id: int,
    slot_id: int,
    *,
    actor_id: int | None,
    now: datetime | None = None,
) -> Booking:
    """One booking per household per round, within the booking window and
    the slot's capacity — under any concurrency."""
    from core.registry.models import Household

    now = now or utcnow()
    if db.session.get_bind().dialect.name == "postgresql":  # the common case in one statement
        booked = booking_at_once.book(
            round_id, household_id, slot_id, actor_id=actor_id, now=now, code=_random_code()
        )
        if booked is not None:
            return booked
    # the rules one by one: what refuses a booking is named here
    round_ = get_round(round_id)
    if db.session.get(Household, household_id) is None:
        raise ValidationError(N_("Choose a household"), field="household_id")
    _check_window(round_, now)
    slot = _slot_of(round_id, slot_id, now)
    existing = active_booking(round_id, household_id)
    if existing is not None:
        raise _already(existing)
    savepoint = db.session.begin_nested()
    try:
        seq = _take_place(slot)
        booking = Booking(
            round_id=round_id,
            household_id=household_id,
            slot_id=slot.id,
            queue_number=f"{slot.position}-{seq}",
            code=_new_code(),
            token=secrets.token_urlsafe(24),
            status="booked",
            booked_by_user_id=actor_id,
        )
        db.session.add(booking)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        existing = active_booking(round_id, household_id)
        if existing is None:
            raise
        raise _already(existing) from None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    record(
        "market.booking.create",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
        after={"round_id": round_id, "household_id": household_id, "slot_id": slot.id},
    )
    return booking


def _already(booking: Booking) -> errors.AlreadyBooked:
    slot = db.session.get(Slot, booking.slot_id)
    return errors.AlreadyBooked(time=format_datetime(slot.starts_at), number=booking.queue_number)


def get_booking(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        raise NotFound()
    return booking


def by_token(token: str) -> Booking:
    booking = db.session.scalar(sa.select(Booking).where(Booking.token == (token or "")[:64]))
    if booking is None:
        raise NotFound()
    return booking


def by_code(code: str) -> Booking:
    normal = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:12]
    booking = (
        db.session.scalar(sa.select(Booking).where(Booking.code == normal)) if normal else None
    )
    if booking is None:
        raise errors.BookingNotFound(code=(code or "").strip()[:12] or "-")
    return booking


def cancel_booking(booking_id: int, *, actor_id: int | None) -> Booking:
    booking = get_booking(booking_id)
    slot_id = db.session.execute(
        sa.update(Booking)
        .where(Booking.id == booking.id, Booking.status == "booked")
        .values(status="cancelled", cancelled_at=utcnow(), updated_at=utcnow())
        .returning(Booking.slot_id)
        .execution_options(synchronize_session=False)
    ).scalar()
    if slot_id is None:
        db.session.refresh(booking)
        raise errors.BookingNotActive(status=STATUS_LABELS[booking.status])
    _free_place(slot_id)
    db.session.expire(booking)
    record(
        "market.booking.cancel",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
    )
    return booking


def rebook(
    booking_id: int, slot_id: int, *, actor_id: int | None, now: datetime | None = None
) -> Booking:
    """Move a booking to another slot of its round: the new place is taken
    first, so a full slot leaves the booking where it was."""
    now = now or utcnow()
    booking = get_booking(booking_id)
    round_ = get_round(booking.round_id)
    _check_window(round_, now)
    if booking.status != "booked":
        raise errors.BookingNotActive(status=STATUS_LABELS[booking.status])
    if booking.slot_id == slot_id:
        return booking
    slot = _slot_of(booking.round_id, slot_id, now)
    old_slot_id = booking.slot_id
    with db.session.begin_nested():
        seq = _take_place(slot)
        moved = db.session.execute(
            sa.update(Booking)
            # the slot it was in is part of the condition: of two moves racing
            # for one booking only the first wins, so no place is freed twice
            .where(
                Booking.id == booking.id, Booking.status == "booked", Booking.slot_id == old_slot_id
            )
            .values(slot_id=slot.id, queue_number=f"{slot.position}-{seq}", updated_at=utcnow())
            .returning(Booking.id)
            .execution_options(synchronize_session=False)
        ).scalar()
        if moved is None:
            raise errors.BookingChanged()
        _free_place(old_slot_id)
    db.session.expire(booking)
    record(
        "market.booking.rebook",
        actor_id=actor_id,
        target_type="market_booking",
        target_id=booking.id,
        after={"slot_id": slot.id},
    )
    return booking


def release_no_shows(now: datetime | None = None) -> int:
    """Bookings never checked in by the end of their slot plus the round's
    grace period become no-shows; their places are freed."""
    now = now or utcnow()
    due = db.session.execute(
        sa.select(Booking.id, Round.grace_minutes, Slot.ends_at)
        .join(Slot, sa.and_(Slot.id == Booking.slot_id, Slot.tenant_id == Booking.tenant_id))
        .join(Round, sa.and_(Round.id == Booking.round_id, Round.tenant_id == Booking.tenant_id))
        .where(Booking.status == "booked", Slot.ends_at < now)
        .order_by(Booking.id)
    ).all()
    released = 0
    for booking_id, grace, ends_at in due:
        if _aware(ends_at) + timedelta(minutes=grace) > now:
            continue
        slot_id = db.session.execute(
            sa.update(Booking)
            .where(Booking.id == booking_id, Booking.status == "booked")
            .values(status="no_show", updated_at=now)
            .returning(Booking.slot_id)
            .execution_options(synchronize_session=False)
        ).scalar()
        if slot_id is not None:
            _free_place(slot_id)
            released += 1
    return released


def all_rounds() -> list[Round]:
    """Every round, latest first (staff see them all)."""
    return list(db.session.scalars(sa.select(Round).order_by(Round.starts_on.desc())))


def round_bookings(round_id: int, limit: int = 300) -> list[Booking]:
    """A round's latest bookings first."""
    return list(db.session.scalars(
        sa.select(Booking).where(Booking.round_id == round_id).order_by(Booking.id.desc()).limit(limit)
    ))


def household_bookings(household_id: int) -> list[Booking]:
    return list(
        db.session.scalars(
            sa.select(Booking)
            .where(Booking.household_id == household_id)
            .order_by(Booking.id.desc())
        )
    )


def describe_day(day: date) -> str:
    return format_date(day)
