"""Finding a booking by its short code, booking for a household by its code,
check-in and the booking's token pages are limited per client: a guesser
gets a 429 in Thai (JSON in the API) after the limit, even with right codes."""

from __future__ import annotations

import pytest

from core.db import db
from core.tenancy.context import tenant_context
from tests.rate_limits import (
    assert_limited_json,
    assert_limited_page,
    until_limited,
)

pytestmark = pytest.mark.usefixtures("limits_on")


@pytest.fixture
def booking(rounds):
    from market.rounds import services

    with tenant_context(rounds.tenant.id):
        made = services.book(
            rounds.round.id, rounds.households[0].id, rounds.slot_ids[0], actor_id=rounds.staff.id
        )
        db.session.commit()
        return made.code


def test_booking_codes_at_the_desk_are_limited(rounds, booking, client, make_client, make_member):
    desk = f"/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/desk"
    client.login(rounds.staff)
    for _ in range(70):  # looking at the desk is not a guess
        assert client.get(desk).status_code == 200

    def find(i):
        return client.post(desk, data={"action": "code", "code": booking if i % 2 else "ZZZ999"})

    assert_limited_page(until_limited(find, 60))
    # the next desk of the same centre, behind the same router, works on
    other_desk = make_client().login(make_member(rounds.tenant, "staff"))
    assert other_desk.post(desk, data={"action": "code", "code": booking}).status_code == 302


def test_booking_codes_in_the_api_are_limited(rounds, booking, client):
    url = f"/api/v1/t/{rounds.tenant.slug}/market/bookings/by-code"
    client.login(rounds.staff)
    blocked = until_limited(lambda i: client.post(url, json={"code": booking}), 60)
    assert_limited_json(blocked)


def test_booking_for_a_household_by_its_code_is_limited(rounds, client):
    url = f"/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/book"
    client.login(rounds.staff)

    def guess(i):
        return client.post(
            url, data={"household_code": f"M99-{i:03d}", "slot_id": str(rounds.slot_ids[0])}
        )

    assert_limited_page(until_limited(guess, 30))


def test_check_in_is_limited_on_the_page_and_in_the_api(rounds, client):
    client.login(rounds.staff)
    page = f"/t/{rounds.tenant.slug}/market/rounds/b/guess{{}}/check-in"
    assert_limited_page(until_limited(lambda i: client.post(page.format(i)), 60))
    api = f"/api/v1/t/{rounds.tenant.slug}/market/bookings/{{}}/check-in"
    assert_limited_json(until_limited(lambda i: client.post(api.format(900 + i), json={}), 60))


def test_the_calendar_file_behind_a_token_is_limited(rounds, make_client):
    url = f"/t/{rounds.tenant.slug}/market/rounds/b/guess{{}}/booking.ics"
    anonymous = make_client()
    assert_limited_page(until_limited(lambda i: anonymous.get(url.format(i)), 60))
