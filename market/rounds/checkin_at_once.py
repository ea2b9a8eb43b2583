"""A check-in in few statements, for PostgreSQL at a busy desk.

:func:`market.rounds.queue.check_in` states the rules: a booking still
``booked`` is checked in only on its slot's day, within its centre's window
(:func:`market.rounds.policies.checkin_refusal`), and gets the household's one
queue ticket of the round. Here the slot's times and the centre's window are
read in one statement and judged by that same policy; then one ``WITH``
statement moves the booking to ``checked_in`` (only from ``booked``), inserts
its ticket and the audit row. When it writes nothing (the booking changed, or
the household already holds a ticket) the savepoint is rolled back and the
rules one by one name the refusal. The partial UNIQUE index on tickets stays
the guard between two desks."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db
from core.statements import insert_from, param, table, values
from core.tenancy.context import require_tenant_id
from market.models.catalog import Centre
from market.models.rounds import Booking, QueueTicket, Round, Slot
from market.rounds import policies


@lru_cache(maxsize=1)
def _window_statement() -> sa.Select[Any]:
    """The slot's times and its centre's check-in window; built once."""
    s, r, c = table(Slot), table(Round), table(Centre)
    return (
        sa.select(s.c.starts_at, s.c.ends_at, c.c.checkin_before_minutes, c.c.checkin_after_minutes)
        .select_from(
            s.join(r, sa.and_(r.c.tenant_id == s.c.tenant_id, r.c.id == s.c.round_id)).join(
                c, sa.and_(c.c.tenant_id == r.c.tenant_id, c.c.id == r.c.centre_id)
            )
        )
        .where(
            s.c.tenant_id == param("tenant_id", Slot, "tenant_id"),
            s.c.id == param("slot_id", Slot, "id"),
            r.c.id == param("round_id", Round, "id"),
        )
    )


@lru_cache(maxsize=1)
def _statement() -> sa.Select[Any]:
    """The booking moved to ``checked_in``, its ticket and audit row; built once."""
    b, t, a = table(Booking), table(QueueTicket), table(AuditEvent)
    tenant_id = param("tenant_id", Booking, "tenant_id")
    actor_id = param("actor_id", Booking, "checked_in_by_user_id")
    now = param("now", Booking, "updated_at")
    moved = (
        sa.update(b)
        .where(b.c.tenant_id == tenant_id, b.c.id == param("booking_id", Booking, "id"), b.c.status == "booked")
        .values(
            status="checked_in", checked_in_at=now, checked_in_by_user_id=actor_id,
            collector_name=param("collector_name", Booking, "collector_name"),
            collector_relation=param("collector_relation", Booking, "collector_relation"), updated_at=now,
        )
        .returning(b.c.id, b.c.round_id, b.c.household_id, b.c.queue_number)
        .cte("moved")
    )
    ticket = (
        insert_from(QueueTicket, moved, {
            "tenant_id": tenant_id, "round_id": moved.c.round_id, "booking_id": moved.c.id,
            "household_id": moved.c.household_id, "number": moved.c.queue_number,
            "kind": "booking", "status": "waiting", "created_at": now,
        }, now)
        .returning(*t.c)
        .cte("ticket")
    )
    audited = (
        insert_from(AuditEvent, ticket, {
            "tenant_id": tenant_id, "at": now, "actor_user_id": actor_id, "action": "market.booking.check_in",
            "target_type": "market_booking", "target_id": ticket.c.booking_id,
            "after": param("after", AuditEvent, "after"),
        }, now)
        .returning(a.c.id)
        .cte("audited")
    )
    return sa.select(ticket).add_cte(audited)


@lru_cache(maxsize=1)
def _loading() -> Any:
    """The statement loading the ticket it makes, built once too."""
    return sa.select(QueueTicket).from_statement(_statement())


def check_in(
    booking: Booking,
    *,
    actor_id: int | None,
    collector_name: str | None,
    collector_relation: str | None,
    now: datetime,
) -> QueueTicket | None:
    """The ticket made, or None when the rules must decide (nothing written)."""
    if booking.status != "booked":
        return None
    tenant_id = require_tenant_id()
    window = db.session.connection().execute(
        _window_statement(), values(tenant_id=tenant_id, slot_id=booking.slot_id, round_id=booking.round_id)
    ).first()
    if window is None or policies.checkin_refusal(
        now, window.starts_at, window.ends_at,
        before=window.checkin_before_minutes, after=window.checkin_after_minutes,
    ) is not None:
        return None
    params = values(
        tenant_id=tenant_id, booking_id=booking.id, actor_id=actor_id, now=now,
        collector_name=collector_name, collector_relation=collector_relation,
        after={"collector_name": collector_name, "collector_relation": collector_relation},
    )
    savepoint = db.session.begin_nested()
    try:
        made = db.session.scalars(_loading(), params).first()
        if made is None:
            savepoint.rollback()
            return None
        savepoint.commit()
    except IntegrityError:  # the household already holds a ticket of the round
        savepoint.rollback()
        return None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    db.session.expire(booking)
    return made
