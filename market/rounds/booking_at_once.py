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
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db
from core.registry.models import Household
from core.tenancy.context import require_tenant_id
from market.models.rounds import Booking, Round, Slot

LIVE = ("booked", "checked_in", "collected")


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
    tenant_id = require_tenant_id()
    r, h, s, b, a = (cast(sa.Table, m.__table__) for m in (Round, Household, Slot, Booking, AuditEvent))
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
    columns: dict[str, sa.ColumnElement[Any]] = {
        "tenant_id": sa.literal(tenant_id, sa.BigInteger),
        "round_id": sa.literal(round_id, sa.BigInteger),
        "household_id": sa.literal(household_id, sa.BigInteger),
        "slot_id": sa.literal(slot_id, sa.BigInteger),
        "queue_number": sa.func.concat(taken.c.position, "-", taken.c.seq),
        "code": sa.literal(code, sa.String),
        "token": sa.literal(secrets.token_urlsafe(24), sa.String),
        "status": sa.literal("booked", sa.String),
        "booked_by_user_id": sa.literal(actor_id, sa.BigInteger),
        "created_at": sa.literal(now, b.c.created_at.type),
        "updated_at": sa.literal(now, b.c.updated_at.type),
    }
    inserted = (
        sa.insert(b)
        .from_select(list(columns), sa.select(*(v.label(k) for k, v in columns.items())).select_from(taken))
        .returning(*b.c)
        .cte("inserted")
    )
    after = {"round_id": round_id, "household_id": household_id, "slot_id": slot_id}
    audited = (
        sa.insert(a)
        .from_select(
            ["tenant_id", "at", "actor_user_id", "action", "target_type", "target_id", "after"],
            sa.select(
                sa.literal(tenant_id, sa.BigInteger),
                sa.literal(now, a.c.at.type),
                sa.literal(actor_id, sa.BigInteger),
                sa.literal("market.booking.create", sa.String),
                sa.literal("market_booking", sa.String),
                inserted.c.id,
                sa.literal(after, a.c.after.type),
            ).select_from(inserted),
        )
        .returning(a.c.id)
        .cte("audited")
    )
    statement = sa.select(inserted).add_cte(audited)
    savepoint = db.session.begin_nested()
    try:
        booking = db.session.scalars(sa.select(Booking).from_statement(statement)).first()
        savepoint.commit()
    except IntegrityError:  # the same household at once elsewhere, or the code taken
        savepoint.rollback()
        return None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    return booking
