"""Queue rules as the field works: a booking is checked in only on its slot's
day, within the window its centre sets; a household gets one ticket per
round, even when two desks serve it at the same moment."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from market.models.catalog import Centre
from market.models.rounds import Booking, QueueTicket, Round
from market.rounds import errors, policies, queue, services
from tests.market.rounds.conftest import move_slot, slot_now
from tests.race import browsers, race_results, together

DEC_9_0900 = datetime(2026, 12, 9, 9, 0, tzinfo=BANGKOK)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BANGKOK)


def _booking_on_dec_9(rounds, household_index: int = 0) -> int:
    with tenant_context(rounds.tenant.id):
        booking = services.book(
            rounds.round.id, rounds.households[household_index].id, rounds.slot_ids[0], actor_id=None
        )
        db.session.commit()
        booking_id = booking.id
    move_slot(rounds.tenant.id, rounds.slot_ids[0], DEC_9_0900)  # 09:00-09:15 on 9 December
    return booking_id


def _tickets() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(QueueTicket))


def test_a_booking_for_9_december_is_refused_on_7_december(rounds):
    booking_id = _booking_on_dec_9(rounds)
    with tenant_context(rounds.tenant.id):
        booking = db.session.get(Booking, booking_id)
        with pytest.raises(errors.CheckInWrongDay) as caught:
            queue.check_in(booking, actor_id=rounds.staff.id, now=_at(7, 10))
        assert "2569" in str(caught.value)  # the slot's day, in the Buddhist Era
        with pytest.raises(errors.CheckInWrongDay):  # the evening before, too
            queue.check_in(booking, actor_id=rounds.staff.id, now=_at(8, 23, 59))
        db.session.expire_all()
        assert db.session.get(Booking, booking_id).status == "booked" and _tickets() == 0


def test_on_the_day_only_within_the_centres_window(rounds):
    booking_id = _booking_on_dec_9(rounds)  # default window: 120 minutes before, 60 after
    with tenant_context(rounds.tenant.id):
        booking = db.session.get(Booking, booking_id)
        with pytest.raises(errors.CheckInNotYet) as early:
            queue.check_in(booking, actor_id=None, now=_at(9, 6, 59))
        assert "07:00" in str(early.value)
        with pytest.raises(errors.CheckInClosed) as late:
            queue.check_in(booking, actor_id=None, now=_at(9, 10, 15, ) + timedelta(seconds=1))
        assert "10:15" in str(late.value)
        assert _tickets() == 0
        ticket = queue.check_in(booking, actor_id=None, now=_at(9, 7, 0))
        db.session.commit()
        assert ticket.number == "1-1"


def test_the_centre_sets_its_own_window(rounds):
    booking_id = _booking_on_dec_9(rounds)
    with tenant_context(rounds.tenant.id):
        centre = db.session.get(Centre, rounds.centre.id)
        centre.checkin_before_minutes, centre.checkin_after_minutes = 15, 0
        db.session.commit()
        booking = db.session.get(Booking, booking_id)
        with pytest.raises(errors.CheckInNotYet):
            queue.check_in(booking, actor_id=None, now=_at(9, 8, 44))
        with pytest.raises(errors.CheckInClosed):
            queue.check_in(booking, actor_id=None, now=_at(9, 9, 16))
        assert queue.check_in(booking, actor_id=None, now=_at(9, 8, 45)).number == "1-1"


def test_the_window_never_reaches_into_another_day():
    starts = datetime(2026, 12, 9, 0, 30, tzinfo=BANGKOK)
    ends = starts + timedelta(minutes=15)
    opens, closes = policies.checkin_window(starts, ends, before=120, after=60)
    assert opens == datetime.combine(starts.date(), time(0), BANGKOK)
    assert policies.checkin_refusal(starts - timedelta(minutes=31), starts, ends, before=120, after=60) == (
        "wrong_day", starts)
    late = datetime(2026, 12, 9, 23, 30, tzinfo=BANGKOK)
    opens, closes = policies.checkin_window(late, late + timedelta(minutes=15), before=0, after=60)
    assert closes.date() == late.date()
    assert policies.checkin_refusal(late + timedelta(minutes=35), late, late + timedelta(minutes=15),
                                    before=0, after=60)[0] == "wrong_day"


def test_a_household_gets_one_walk_in_ticket_per_round(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        first = queue.walk_in(rounds.round.id, household_id=h.id)
        db.session.commit()
        with pytest.raises(errors.AlreadyInQueue) as caught:
            queue.walk_in(rounds.round.id, household_id=h.id)
        assert "W1" in str(caught.value)
        db.session.rollback()
        # people without a registered household still get tickets, one each
        assert [queue.walk_in(rounds.round.id).number for _ in range(2)] == ["W2", "W3"]
        db.session.commit()
        assert first.number == "W1"
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(QueueTicket).where(QueueTicket.household_id == h.id)
        ) == 1
        assert db.session.get(Round, rounds.round.id).walkin_seq == 3


def test_a_booked_household_is_checked_in_not_given_a_walk_in(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        booking = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        with pytest.raises(errors.WalkInHasBooking) as caught:
            queue.walk_in(rounds.round.id, household_id=h.id)
        assert booking.queue_number in str(caught.value)
        db.session.rollback()
        assert _tickets() == 0


def test_a_walk_in_household_that_books_later_cannot_queue_twice(rounds):
    h = rounds.households[0]
    with tenant_context(rounds.tenant.id):
        queue.walk_in(rounds.round.id, household_id=h.id)
        booking = services.book(rounds.round.id, h.id, rounds.slot_ids[0], actor_id=None)
        db.session.commit()
        booking_id = booking.id
    slot_now(rounds, rounds.slot_ids[0])
    with tenant_context(rounds.tenant.id):
        booking = db.session.get(Booking, booking_id)
        with pytest.raises(errors.AlreadyInQueue) as caught:
            queue.check_in(booking, actor_id=None)
        assert "W1" in str(caught.value)
        db.session.commit()
        db.session.expire_all()
        # nothing half-written: the booking is still waiting to be checked in
        assert db.session.get(Booking, booking_id).status == "booked" and _tickets() == 1


def test_unknown_household_is_refused_clearly(rounds):
    with tenant_context(rounds.tenant.id):
        with pytest.raises(errors.WalkInUnknownHousehold):
            queue.walk_in(rounds.round.id, household_id=10**9)


# --- pages ---------------------------------------------------------------------


def test_the_desk_refuses_a_second_walk_in_in_thai(rounds, client):
    base = f"/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/desk"
    h = rounds.households[0]
    client.login(rounds.staff)
    r = client.post(base, data={"action": "walkin", "household_code": h.code})
    assert r.status_code == 200 and "W1" in r.get_data(as_text=True)
    r = client.post(base, data={"action": "walkin", "household_code": h.code})
    assert r.status_code == 409
    assert "ครัวเรือนนี้มีบัตรคิว W1 ในรอบนี้แล้ว" in r.get_data(as_text=True)
    r = client.post(base, data={"action": "walkin", "household_code": "NO-SUCH-HOUSE"})
    assert r.status_code == 422 and "ไม่พบครัวเรือนรหัสนี้" in r.get_data(as_text=True)
    with tenant_context(rounds.tenant.id):
        assert _tickets() == 1


def test_the_api_refuses_a_second_walk_in(rounds, client):
    base = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/walk-in"
    client.login(rounds.staff)
    h = rounds.households[0]
    assert client.post(base, json={"household_id": h.id}).status_code == 201
    r = client.post(base, json={"household_id": h.id})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_in_queue"
    r = client.post(base, json={"household_id": 10**9})
    assert r.status_code == 422 and r.get_json()["error"]["code"] == "walk_in_unknown_household"


# --- races on PostgreSQL ---------------------------------------------------------


def test_walk_ins_for_one_household_from_several_desks_at_once_give_one_ticket(
    app, rounds, postgres_only
):
    tenant_id, round_id, h = rounds.tenant.id, rounds.round.id, rounds.households[0].id
    outcome, results = race_results(app, tenant_id, 6, lambda i: queue.walk_in(round_id, household_id=h).number)
    assert outcome == {"ok": 1, "AlreadyInQueue": 5}, outcome
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert _tickets() == 1
        assert db.session.get(Round, round_id).walkin_seq == 1  # the losers' numbers were not used up


def test_one_booking_checked_in_at_several_desks_at_once_gives_one_ticket(app, rounds, postgres_only):
    tenant_id = rounds.tenant.id
    with tenant_context(tenant_id):
        booking_id = services.book(
            rounds.round.id, rounds.households[0].id, rounds.slot_ids[0], actor_id=None
        ).id
        db.session.commit()
    slot_now(rounds, rounds.slot_ids[0])

    def work(i):
        return queue.check_in(services.get_booking(booking_id), actor_id=None).number

    outcome, _ = race_results(app, tenant_id, 4, work)
    assert outcome == {"ok": 1, "AlreadyCheckedIn": 3}, outcome
    with tenant_context(tenant_id):
        assert _tickets() == 1


def test_two_desks_pressing_walk_in_for_one_household_over_http(
    app, rounds, make_client, make_member, postgres_only
):
    """Two staff members, each logged in on their own phone, press "walk-in"
    for the same household at the same moment: one ticket, one clear message."""
    base = f"/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/desk"
    code = rounds.households[0].code
    desks = browsers(make_client, users=[make_member(rounds.tenant, "staff") for _ in range(2)])

    def press(desk):
        r = desk.post(base, data={"action": "walkin", "household_code": code})
        return r.status_code, r.get_data(as_text=True)

    answers = together([lambda d=d: press(d) for d in desks])
    assert sorted(code for code, _ in answers) == [200, 409]
    refused = next(body for code, body in answers if code == 409)
    assert "ครัวเรือนนี้มีบัตรคิว W1 ในรอบนี้แล้ว" in refused
    with tenant_context(rounds.tenant.id):
        assert _tickets() == 1
