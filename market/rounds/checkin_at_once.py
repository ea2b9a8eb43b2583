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
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db
from core.tenancy.context import require_tenant_id
from market.models.catalog import Centre
from market.models.rounds import Booking, QueueTicket, Round, Slot
from market.rounds import policies


def _table(model) -> sa.Table:
    return cast(sa.Table, model.__table__)


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
    s, r, c = _table(Slot), _table(Round), _table(Centre)
    window = db.session.execute(
        sa.select(s.c.starts_at, s.c.ends_at, c.c.checkin_before_minutes, c.c.checkin_after_minutes)
        .select_from(
            s.join(r, sa.and_(r.c.tenant_id == s.c.tenant_id, r.c.id == s.c.round_id)).join(
                c, sa.and_(c.c.tenant_id == r.c.tenant_id, c.c.id == r.c.centre_id)
            )
        )
        .where(s.c.tenant_id == tenant_id, s.c.id == booking.slot_id, r.c.id == booking.round_id)
    ).first()
    if window is None or policies.checkin_refusal(
        now, window.starts_at, window.ends_at,
        before=window.checkin_before_minutes, after=window.checkin_after_minutes,
    ) is not None:
        return None
    b, t, a = _table(Booking), _table(QueueTicket), _table(AuditEvent)
    moved = (
        sa.update(b)
        .where(b.c.tenant_id == tenant_id, b.c.id == booking.id, b.c.status == "booked")
        .values(
            status="checked_in", checked_in_at=now, checked_in_by_user_id=actor_id,
            collector_name=collector_name, collector_relation=collector_relation, updated_at=now,
        )
        .returning(b.c.id, b.c.round_id, b.c.household_id, b.c.queue_number)
        .cte("moved")
    )
    columns: dict[str, sa.ColumnElement[Any]] = {
        "tenant_id": sa.literal(tenant_id, sa.BigInteger),
        "round_id": moved.c.round_id,
        "booking_id": moved.c.id,
        "household_id": moved.c.household_id,
        "number": moved.c.queue_number,
        "kind": sa.literal("booking", sa.String),
        "status": sa.literal("waiting", sa.String),
        "created_at": sa.literal(now, t.c.created_at.type),
    }
    ticket = (
        sa.insert(t)
        .from_select(list(columns), sa.select(*(v.label(k) for k, v in columns.items())).select_from(moved))
        .returning(*t.c)
        .cte("ticket")
    )
    after = {"collector_name": collector_name, "collector_relation": collector_relation}
    audited = (
        sa.insert(a)
        .from_select(
            ["tenant_id", "at", "actor_user_id", "action", "target_type", "target_id", "after"],
            sa.select(
                sa.literal(tenant_id, sa.BigInteger), sa.literal(now, a.c.at.type),
                sa.literal(actor_id, sa.BigInteger), sa.literal("market.booking.check_in", sa.String),
                sa.literal("market_booking", sa.String), ticket.c.booking_id, sa.literal(after, a.c.after.type),
            ).select_from(ticket),
        )
        .returning(a.c.id)
        .cte("audited")
    )
    statement = sa.select(ticket).add_cte(audited)
    savepoint = db.session.begin_nested()
    try:
        made = db.session.scalars(sa.select(QueueTicket).from_statement(statement)).first()
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
