"""The booking written in one statement on PostgreSQL: the same booking and
audit row as the rules one by one, a handful of round trips, and every
refusal still the rules' own typed error with nothing written."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from core.audit.models import AuditEvent
from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from market.models.rounds import Booking, Round, Slot
from market.rounds import errors, services


def _written(tenant_id: int) -> tuple[int, int, int]:
    with tenant_context(tenant_id):
        db.session.expire_all()
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Booking)),
            db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Slot.booked), 0))),
            db.session.scalar(
                sa.select(sa.func.count()).where(AuditEvent.action == "market.booking.create")
            ),
        )


def test_a_booking_is_one_statement_with_its_audit_row(rounds, postgres_only):
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    household, round_id, staff_id = rounds.households[0].id, rounds.round.id, rounds.staff.id
    tenant_id = rounds.tenant.id
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with tenant_context(tenant_id):
            booking = services.book(round_id, household, rounds.slot_ids[1], actor_id=staff_id)
            db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert [s.split()[0] for s in seen] == ["SAVEPOINT", "WITH", "RELEASE"]
    with tenant_context(rounds.tenant.id):
        db.session.expire_all()
        assert booking.queue_number == "2-1" and booking.status == "booked"
        assert len(booking.code) == 6 and len(booking.token) >= 24
        assert booking.booked_by_user_id == rounds.staff.id
        audit = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "market.booking.create")
        )
        assert (audit.target_type, audit.target_id, audit.actor_user_id) == (
            "market_booking",
            booking.id,
            rounds.staff.id,
        )
        assert audit.after == {"round_id": rounds.round.id, "household_id": household,
                               "slot_id": rounds.slot_ids[1]}
    assert _written(rounds.tenant.id) == (1, 1, 1)


def _closed(rounds):
    with tenant_context(rounds.tenant.id):
        db.session.get(Round, rounds.round.id).booking_closes_at = datetime.now(BANGKOK) - timedelta(minutes=1)
        db.session.commit()


def _full(rounds):
    with tenant_context(rounds.tenant.id):
        for h in rounds.households[1:3]:
            services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()


def _already(rounds):
    with tenant_context(rounds.tenant.id):
        services.book(rounds.round.id, rounds.households[0].id, rounds.slot_ids[3], actor_id=None)
        db.session.commit()


REFUSALS = {
    "booking closed": (_closed, errors.BookingClosed, {}),
    "slot full": (_full, errors.SlotFull, {}),
    "already booked": (_already, errors.AlreadyBooked, {}),
    "slot of no round": (None, errors.SlotNotInRound, {"slot_id": 10_000}),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_is_the_rules_own_and_writes_nothing(rounds, case):
    arrange, error, override = REFUSALS[case]
    if arrange:
        arrange(rounds)
    before = _written(rounds.tenant.id)
    with tenant_context(rounds.tenant.id), pytest.raises(error):
        services.book(
            rounds.round.id,
            rounds.households[0].id,
            override.get("slot_id", rounds.slot_ids[0]),
            actor_id=None,
        )
    db.session.rollback()
    assert _written(rounds.tenant.id) == before


def test_an_unknown_household_is_refused(rounds):
    from core.errors import ValidationError

    with tenant_context(rounds.tenant.id), pytest.raises(ValidationError):
        services.book(rounds.round.id, 10_000, rounds.slot_ids[0], actor_id=None)
    db.session.rollback()
    assert _written(rounds.tenant.id) == (0, 0, 0)
