"""JSON API for rounds and bookings: staff and a household booking for itself."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Person
from core.tenancy.context import tenant_context
from tests.market.rounds.conftest import slot_now


def test_household_books_itself_only(rounds, client, make_member):
    base = f"/api/v1/t/{rounds.tenant.slug}/market"
    member = make_member(rounds.tenant, "household")
    own, other = rounds.households[0], rounds.households[1]
    with tenant_context(rounds.tenant.id):
        person = db.session.scalar(sa.select(Person).where(Person.household_id == own.id))
        person.user_id = member.id
        db.session.commit()
    client.login(member)
    assert client.get(f"{base}/rounds").status_code == 200
    detail = client.get(f"{base}/rounds/{rounds.round.id}").get_json()
    assert len(detail["slots"]) == 4 and detail["offers"][0]["price_satang"] == 2000
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/bookings",
        json={"household_id": other.id, "slot_id": rounds.slot_ids[0]},
    )
    assert r.status_code == 403
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/bookings", json={"slot_id": rounds.slot_ids[0]}
    )
    assert r.status_code == 201 and r.get_json()["household_id"] == own.id
    booking_id = r.get_json()["id"]
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/bookings", json={"slot_id": rounds.slot_ids[1]}
    )
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_booked"
    assert client.post(f"{base}/bookings/{booking_id}/check-in", json={}).status_code == 403
    r = client.post(f"{base}/bookings/{booking_id}/rebook", json={"slot_id": rounds.slot_ids[2]})
    assert r.status_code == 200 and r.get_json()["queue_number"] == "3-1"


def test_staff_round_setup_and_queue(rounds, client):
    base = f"/api/v1/t/{rounds.tenant.slug}/market"
    client.login(rounds.staff)
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/slot-templates",
        json={"start_time": "13:00", "end_time": "14:00", "interval_minutes": 30, "capacity": 5},
    )
    assert r.status_code == 201 and r.get_json()["slots_made"] == 2
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/bookings",
        json={"household_id": rounds.households[0].id, "slot_id": rounds.slot_ids[0]},
    )
    booking = r.get_json()
    assert (
        client.post(f"{base}/bookings/by-code", json={"code": booking["code"]}).get_json()["id"]
        == booking["id"]
    )
    r = client.post(f"{base}/bookings/{booking['id']}/check-in", json={"collector_name": "ป้าแดง"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "check_in_wrong_day"  # the slot is tomorrow
    slot_now(rounds, rounds.slot_ids[0])
    r = client.post(f"{base}/bookings/{booking['id']}/check-in", json={"collector_name": "ป้าแดง"})
    assert r.status_code == 201
    assert (
        client.post(f"{base}/rounds/{rounds.round.id}/walk-in", json={}).get_json()["number"]
        == "W1"
    )
    assert (
        client.post(f"{base}/rounds/{rounds.round.id}/call-next").get_json()["number"]
        == booking["queue_number"]
    )
    assert client.get(f"{base}/rounds/{rounds.round.id}/now-serving").get_json()["waiting"] == [
        "W1"
    ]
    r = client.post(
        f"{base}/rounds/{rounds.round.id}/slot-templates",
        json={"start_time": "13:00", "end_time": "12:00", "capacity": 0},
    )
    assert r.status_code == 422
