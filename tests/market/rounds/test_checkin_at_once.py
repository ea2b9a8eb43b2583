"""A check-in written in one statement on PostgreSQL: a read of the slot's
window, one write for the booking, its ticket and its audit row; refusals
still the rules' own typed errors with nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from core.audit.models import AuditEvent
from core.db import db
from core.tenancy.context import tenant_context
from market.models.rounds import Booking, QueueTicket
from market.rounds import errors, queue, services
from tests.market.rounds.conftest import slot_now


def test_a_check_in_is_one_read_and_one_write(rounds, postgres_only):
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement.split()[0].upper())

    tenant_id, staff_id = rounds.tenant.id, rounds.staff.id
    with tenant_context(tenant_id):
        booking = services.book(rounds.round.id, rounds.households[0].id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        slot_now(rounds, booking.slot_id)
        booking = services.get_booking(booking.id)
        booking_id, number = booking.id, booking.queue_number
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            ticket = queue.check_in(booking, actor_id=staff_id, collector_name=" นางสมศรี ",
                                    collector_relation="ลูกสาว")
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        assert seen == ["SELECT", "SAVEPOINT", "WITH", "RELEASE"], seen
        db.session.expire_all()
        assert (ticket.number, ticket.kind, ticket.status, ticket.booking_id) == (number, "booking", "waiting",
                                                                                 booking_id)
        checked = db.session.get(Booking, booking_id)
        assert (checked.status, checked.checked_in_by_user_id, checked.collector_name) == (
            "checked_in", staff_id, "นางสมศรี")
        audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "market.booking.check_in"))
        assert (audit.target_id, audit.actor_user_id, audit.after) == (
            booking_id, staff_id, {"collector_name": "นางสมศรี", "collector_relation": "ลูกสาว"})
        with pytest.raises(errors.AlreadyCheckedIn):
            queue.check_in(checked, actor_id=staff_id)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QueueTicket)) == 1


def test_a_check_in_on_the_wrong_day_is_refused_as_before(rounds, postgres_only):
    with tenant_context(rounds.tenant.id):
        booking = services.book(rounds.round.id, rounds.households[0].id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        with pytest.raises(errors.CheckInWrongDay):  # the slot is tomorrow
            queue.check_in(booking, actor_id=None)
        db.session.rollback()
        assert db.session.get(Booking, booking.id).status == "booked"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QueueTicket)) == 0
