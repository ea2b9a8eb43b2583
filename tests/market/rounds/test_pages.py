"""Round pages: staff book on behalf, the QR opens check-in for staff and the
booking for the household, the desk, the screen and the calendar file."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Person
from core.tenancy.context import tenant_context
from market.models.rounds import Booking, QueueTicket
from tests.market.rounds.conftest import slot_now


def test_staff_books_household_sees_staff_checks_in(
    rounds, client, make_client, make_member, make_user
):
    base = f"/t/{rounds.tenant.slug}/market/rounds"
    h = rounds.households[0]
    client.login(rounds.staff)
    assert client.get(f"{base}/").status_code == 200
    assert client.get(f"{base}/{rounds.round.id}").status_code == 200
    r = client.post(
        f"{base}/{rounds.round.id}/book",
        data={"household_code": h.code, "slot_id": str(rounds.slot_ids[0])},
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:400]
    with tenant_context(rounds.tenant.id):
        booking = db.session.scalar(sa.select(Booking))
        token, code = booking.token, booking.code
    staff_view = client.get(f"{base}/b/{token}").get_data(as_text=True)
    assert 'data-test="check-in"' in staff_view

    member = make_member(rounds.tenant, "household")
    with tenant_context(rounds.tenant.id):
        person = db.session.scalar(sa.select(Person).where(Person.household_id == h.id))
        person.user_id = member.id
        db.session.commit()
    household = make_client().login(member)
    own = household.get(f"{base}/b/{token}")
    assert own.status_code == 200 and "<svg" in own.get_data(as_text=True)
    assert 'data-test="check-in"' not in own.get_data(as_text=True)
    assert household.post(f"{base}/b/{token}/check-in").status_code == 403

    stranger = make_client().login(make_member(rounds.tenant, "household"))
    assert stranger.get(f"{base}/b/{token}").status_code == 403

    r = client.post(f"{base}/{rounds.round.id}/desk", data={"action": "code", "code": code})
    assert r.status_code == 302
    # the slot is tomorrow: refused today, with the day, and nothing written
    r = client.post(f"{base}/b/{token}/check-in", data={}, follow_redirects=True)
    assert r.status_code == 200 and 'data-test="check-in"' in r.get_data(as_text=True)
    assert "เช็กอินได้เฉพาะวันนั้น" in r.get_data(as_text=True)
    with tenant_context(rounds.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QueueTicket)) == 0
    slot_now(rounds, rounds.slot_ids[0])
    r = client.post(
        f"{base}/b/{token}/check-in",
        data={"collector_name": "ลูกสาว สมศรี", "collector_relation": "ลูกสาว"},
    )
    assert r.status_code == 302
    r = client.post(f"{base}/{rounds.round.id}/desk", data={"action": "next"})
    assert r.status_code == 200
    screen = client.get(f"{base}/{rounds.round.id}/screen.json").get_json()
    assert screen["now_serving"] == "1-1"
    assert client.get(f"{base}/{rounds.round.id}/screen").status_code == 200
    ics = make_client().get(f"{base}/b/{token}/booking.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"


def test_booking_twice_shows_a_clear_message(rounds, client):
    base = f"/t/{rounds.tenant.slug}/market/rounds"
    h = rounds.households[0]
    client.login(rounds.staff)
    client.post(
        f"{base}/{rounds.round.id}/book",
        data={"household_code": h.code, "slot_id": str(rounds.slot_ids[0])},
    )
    r = client.post(
        f"{base}/{rounds.round.id}/book",
        data={"household_code": h.code, "slot_id": str(rounds.slot_ids[1])},
    )
    assert r.status_code == 409 and 'data-code="already_booked"' in r.get_data(as_text=True)
    r = client.post(
        f"{base}/{rounds.round.id}/book", data={"household_code": h.code, "slot_id": "abc"}
    )
    assert r.status_code < 500
