"""Bookings: one per household per round, capacity under concurrency,
window, cancel and rebook, no-shows, check-in, queue, ICS, reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from market.models.rounds import Booking, Slot
from market.rounds import errors, ics, queue, services
from tests.market.rounds.conftest import slot_now
from tests.race import race_results


def test_stamping_makes_slots_once(rounds):
    with tenant_context(rounds.tenant.id):
        assert len(rounds.slot_ids) == 4  # 09:00, 09:15, 09:30, 09:45
        assert services.stamp(rounds.round.id) == 0
        first = db.session.get(Slot, rounds.slot_ids[0])
        assert first.starts_at.astimezone(BANGKOK).hour == 9


def test_one_booking_per_household_per_round(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        b = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        assert b.queue_number == "1-1" and len(b.code) == 6
        with pytest.raises(errors.AlreadyBooked) as caught:
            services.book(rounds.round.id, h.id, rounds.slot_ids[1], actor_id=None)
        assert "1-1" in str(caught.value)


def test_cancel_then_rebook_frees_and_takes_places(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        b = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        services.cancel_booking(b.id, actor_id=None)
        again = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        assert db.session.get(Slot, rounds.slot_ids[0]).booked == 1
        services.rebook(again.id, rounds.slot_ids[2], actor_id=None)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Slot, rounds.slot_ids[0]).booked == 0
        assert db.session.get(Slot, rounds.slot_ids[2]).booked == 1
        assert db.session.get(Booking, again.id).queue_number == "3-1"


def test_full_slot_is_refused_and_rebook_into_it_leaves_booking_alone(rounds):
    a, b, c = rounds.households
    s0, s1 = rounds.slot_ids[:2]
    with tenant_context(rounds.tenant.id):
        services.book(rounds.round.id, a.id, s0, actor_id=None)
        services.book(rounds.round.id, b.id, s0, actor_id=None)
        with pytest.raises(errors.SlotFull):
            services.book(rounds.round.id, c.id, s0, actor_id=None)
        bc = services.book(rounds.round.id, c.id, s1, actor_id=None)
        with pytest.raises(errors.SlotFull):
            services.rebook(bc.id, s0, actor_id=None)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Booking, bc.id).slot_id == s1
        assert db.session.get(Slot, s1).booked == 1


def test_booking_outside_the_window_is_refused(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        with pytest.raises(errors.BookingClosed):
            services.book(
                rounds.round.id,
                h.id,
                rounds.slot_ids[0],
                actor_id=None,
                now=datetime.now(BANGKOK) + timedelta(days=2),
            )
        with pytest.raises(errors.BookingNotOpen):
            services.book(
                rounds.round.id,
                h.id,
                rounds.slot_ids[0],
                actor_id=None,
                now=datetime.now(BANGKOK) - timedelta(days=3),
            )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0


def test_no_shows_are_released_after_slot_end_plus_grace(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        b = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        slot = db.session.get(Slot, rounds.slot_ids[0])
        assert services.release_no_shows(now=slot.ends_at + timedelta(minutes=14)) == 0
        assert services.release_no_shows(now=slot.ends_at + timedelta(minutes=16)) == 1
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Booking, b.id).status == "no_show"
        assert db.session.get(Slot, slot.id).booked == 0


def test_no_show_task_runs_for_every_tenant(rounds, app):
    from market.rounds import tasks_rounds

    with tenant_context(rounds.tenant.id):
        services.book(rounds.round.id, rounds.households[0].id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
    assert tasks_rounds.release_no_shows_all.delay().get() == 1  # dispatched (nothing due yet)


def test_check_in_queue_and_now_serving(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        b = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        slot_now(rounds, b.slot_id)
        found = services.by_code(b.code.lower())
        queue.check_in(
            found, actor_id=rounds.staff.id, collector_name="นางสมศรี", collector_relation="ลูกสาว"
        )
        db.session.commit()
        with pytest.raises(errors.AlreadyCheckedIn):
            queue.check_in(found, actor_id=rounds.staff.id)
        walkin = queue.walk_in(rounds.round.id)
        assert walkin.number == "W1"
        called = queue.call_next(rounds.round.id)
        assert called.number == b.queue_number
        screen = queue.now_serving(rounds.round.id)
        assert screen["now_serving"] == b.queue_number and screen["waiting"] == ["W1"]
        assert db.session.get(Booking, b.id).collector_relation == "ลูกสาว"
        with pytest.raises(errors.BookingNotFound):
            services.by_code("ZZZZZZ")


def test_ics_event_for_a_booking(rounds):
    with tenant_context(rounds.tenant.id):
        slot = db.session.get(Slot, rounds.slot_ids[0])
        text = ics.booking_event(
            uid="b1@pansuk",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            summary="คิว 1-1, รับของ",
            location="ศูนย์",
            description="code ABC",
        )
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART:" in text and "\\," in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_reminders_are_queued_once(rounds, make_person):
    from core.notifications.models import Notification
    from core.registry.models import Household
    from market.rounds import reminders

    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        head = db.session.get(Household, h.id).head
        head.phone = "+66812345678"
        services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        slot = db.session.get(Slot, rounds.slot_ids[0])
        assert reminders.send_due(now=slot.starts_at - timedelta(hours=2)) == 1
        assert reminders.send_due(now=slot.starts_at - timedelta(hours=1)) == 0
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1


def test_reminders_of_a_large_round_are_committed_in_batches(rounds, monkeypatch, owner_rows):
    """Each batch of reminders is committed (so its messages go out) before the
    next is read; every booking is still reminded exactly once."""
    from core.db import utcnow
    from core.registry.models import Household
    from market.rounds import reminders, tasks_rounds

    monkeypatch.setattr(tasks_rounds, "REMINDER_BATCH", 2)
    with tenant_context(rounds.tenant.id):
        for i, h in enumerate(rounds.households):
            db.session.get(Household, h.id).head.phone = f"+6681234567{i}"
            services.book(rounds.round.id, h.id, rounds.slot_ids[i // 2], actor_id=None)
        for slot_id in rounds.slot_ids[:2]:  # both slots start within the day
            db.session.get(Slot, slot_id).starts_at = utcnow() + timedelta(hours=2)
        db.session.commit()
    seen_committed: list[int] = []  # notifications another connection sees at each batch
    batch = reminders.send_due_batch

    def watched(*args, **kwargs):
        seen_committed.append(len(owner_rows(
            sa.text("SELECT id FROM notification WHERE tenant_id = :t"), {"t": rounds.tenant.id}
        )))
        return batch(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_due_batch", watched)
    assert tasks_rounds.send_slot_reminders(rounds.tenant.id) == 3
    assert seen_committed == [0, 2], "the first two were committed before the last was read"
    assert len(owner_rows(
        sa.text("SELECT id FROM notification WHERE tenant_id = :t"), {"t": rounds.tenant.id}
    )) == 3
    assert tasks_rounds.send_slot_reminders(rounds.tenant.id) == 0


# --- races on PostgreSQL ---------------------------------------------------------


def test_twenty_concurrent_bookings_never_exceed_capacity(
    app, rounds, postgres_only, make_household
):
    households = [make_household(rounds.tenant, members=1).id for _ in range(20)]
    slot_id, round_id, tenant_id = rounds.slot_ids[0], rounds.round.id, rounds.tenant.id
    outcome, _ = race_results(
        app,
        tenant_id,
        20,
        lambda i: services.book(round_id, households[i], slot_id, actor_id=None).id,
    )
    assert outcome == {"ok": 2, "SlotFull": 18}
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.get(Slot, slot_id).booked == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 2


def test_same_household_booking_twice_at_once_gets_one(app, rounds, postgres_only):
    h, round_id, tenant_id = rounds.households[0].id, rounds.round.id, rounds.tenant.id
    slot_ids = rounds.slot_ids
    outcome, _ = race_results(
        app, tenant_id, 8, lambda i: services.book(round_id, h, slot_ids[i % 4], actor_id=None).id
    )
    assert outcome == {"ok": 1, "AlreadyBooked": 7}
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert sum(db.session.get(Slot, s).booked for s in slot_ids) == 1


def test_cancel_and_rebook_race_keeps_counts_true(app, rounds, postgres_only, make_household):
    """Households move between two slots of capacity 2 while others book."""
    tenant_id, round_id = rounds.tenant.id, rounds.round.id
    s0, s1 = rounds.slot_ids[:2]
    movers = []
    with tenant_context(tenant_id):
        for h in rounds.households[:2]:
            movers.append(services.book(round_id, h.id, s0, actor_id=None).id)
        db.session.commit()
    newcomers = [make_household(rounds.tenant, members=1).id for _ in range(6)]

    def work(i):
        if i < 2:
            return services.rebook(movers[i], s1, actor_id=None).id
        return services.book(round_id, newcomers[i - 2], s0 if i % 2 else s1, actor_id=None).id

    race_results(app, tenant_id, 8, work)
    with tenant_context(tenant_id):
        db.session.expire_all()
        for sid in (s0, s1):
            live = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Booking)
                .where(Booking.slot_id == sid, Booking.status == "booked")
            )
            slot = db.session.get(Slot, sid)
            assert slot.booked == live <= slot.capacity


def test_one_booking_moved_to_several_slots_at_once_moves_once(app, rounds, postgres_only):
    tenant_id, round_id = rounds.tenant.id, rounds.round.id
    with tenant_context(tenant_id):
        booking_id = services.book(
            round_id, rounds.households[0].id, rounds.slot_ids[0], actor_id=None
        ).id
        db.session.commit()
    targets = rounds.slot_ids[1:]
    outcome, _ = race_results(
        app, tenant_id, 3, lambda i: services.rebook(booking_id, targets[i], actor_id=None).id
    )
    assert outcome["ok"] >= 1 and sum(outcome.values()) == 3
    with tenant_context(tenant_id):
        db.session.expire_all()
        booked = {s: db.session.get(Slot, s).booked for s in rounds.slot_ids}
        assert sum(booked.values()) == 1
        assert booked[db.session.get(Booking, booking_id).slot_id] == 1
