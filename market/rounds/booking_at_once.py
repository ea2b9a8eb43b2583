"""A booking in one statement, for PostgreSQL under a crowd.

:func:`market.rounds.services.book` states the rules: the round open and its
booking window around ``now``, the household known, the slot in the round and
not over, one live booking per household and round, a place left in the slot.
Here the same rules are one ``WITH`` statement: the conditional update that
takes a place (only when every rule holds), the booking insert and its audit
row. When it books nothing, the service runs the rules one by one, which
names the refusal (or books, if a place came free meanwhile); so the rules
keep one meaning and this path only spares the round trips of the common
case. The database's own guards stay: the slot's ``booked < capacity``
update and the unique index of live bookings."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db
from core.registry.models import Household
from core.statements import insert_from, param, table, values
from core.tenancy.context import require_tenant_id
from market.models.rounds import Booking, Round, Slot

LIVE = ("booked", "checked_in", "collected")


@lru_cache(maxsize=1)
def _statement() -> sa.Select[Any]:
    """The booking statement, built once (see :mod:`core.statements`)."""
    r, h, s, b, a = (table(m) for m in (Round, Household, Slot, Booking, AuditEvent))
    tenant_id = param("tenant_id", Booking, "tenant_id")
    round_id = param("round_id", Booking, "round_id")
    household_id = param("household_id", Booking, "household_id")
    slot_id = param("slot_id", Booking, "slot_id")
    actor_id = param("actor_id", Booking, "booked_by_user_id")
    now = param("now", Booking, "created_at")
    admitted = sa.and_(
        sa.exists().where(
            r.c.tenant_id == tenant_id,
            r.c.id == round_id,
            r.c.status == "open",
            r.c.booking_opens_at <= now,
            r.c.booking_closes_at > now,
        ),
        sa.exists().where(h.c.tenant_id == tenant_id, h.c.id == household_id),
        ~sa.exists().where(
            b.c.tenant_id == tenant_id,
            b.c.round_id == round_id,
            b.c.household_id == household_id,
            b.c.status.in_(LIVE),
        ),
    )
    taken = (
        sa.update(s)
        .where(
            s.c.tenant_id == tenant_id,
            s.c.id == slot_id,
            s.c.round_id == round_id,
            s.c.ends_at > now,
            s.c.booked < s.c.capacity,
            admitted,
        )
        .values(booked=s.c.booked + 1, seq=s.c.seq + 1)
        .returning(s.c.position, s.c.seq)
        .cte("taken")
    )
    inserted = (
        insert_from(Booking, taken, {
            "tenant_id": tenant_id, "round_id": round_id, "household_id": household_id, "slot_id": slot_id,
            "queue_number": sa.func.concat(taken.c.position, "-", taken.c.seq),
            "code": param("code", Booking, "code"), "token": param("token", Booking, "token"),
            "status": "booked", "booked_by_user_id": actor_id,
        }, now)
        .returning(*b.c)
        .cte("inserted")
    )
    audited = (
        insert_from(AuditEvent, inserted, {
            "tenant_id": tenant_id, "at": now, "actor_user_id": actor_id, "action": "market.booking.create",
            "target_type": "market_booking", "target_id": inserted.c.id,
            "after": param("after", AuditEvent, "after"),
        }, now)
        .returning(a.c.id)
        .cte("audited")
    )
    return sa.select(inserted).add_cte(audited)


@lru_cache(maxsize=1)
def _loading() -> Any:
    """The statement loading the booking it makes, built once too."""
    return sa.select(Booking).from_statement(_statement())


def book(
    round_id: int,
    household_id: int,
    slot_id: int,
    *,
    actor_id: int | None,
    now: datetime,
    code: str,
) -> Booking | None:
    """The booking made (with ``code``, random, not checked: a taken one is
    refused by the database), or None when a rule refuses it or the code was
    taken: then nothing was written."""
    params = values(
        tenant_id=require_tenant_id(), round_id=round_id, household_id=household_id, slot_id=slot_id,
        actor_id=actor_id, now=now, code=code, token=secrets.token_urlsafe(24),
        after={"round_id": round_id, "household_id": household_id, "slot_id": slot_id},
    )
    savepoint = db.session.begin_nested()
    try:
        booking = db.session.scalars(_loading(), params).first()
        savepoint.commit()
    except IntegrityError:  # the same household at once elsewhere, or the code taken
        savepoint.rollback()
        return None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    return booking
