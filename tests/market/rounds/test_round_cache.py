"""The API's read of a round comes from a short per-worker cache: a staff
write is seen on the very next read in any worker, places booked are always
read fresh, and a tenant never sees another tenant's round."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core import versions
from core.db import db
from core.tenancy.context import tenant_context
from market.models.rounds import Slot
from market.rounds import round_cache, services
from tests.fake_redis import versions_client
from tests.statements import counted


@pytest.fixture
def shared(app, monkeypatch):
    """Versions shared as between workers (Redis when the run has one); each
    worker's entries of its own, switched with ``worker(n)``."""
    client = versions_client(round_cache._PREFIX)
    workers = [versions.Entries(round_cache.TTL_SECONDS, 500), versions.Entries(round_cache.TTL_SECONDS, 500)]
    state = {"entries": workers[0]}
    monkeypatch.setitem(app.extensions, "round_cache", state)
    monkeypatch.setitem(app.extensions, "versions", {"client": client})

    def worker(n: int) -> None:
        state["entries"] = workers[n]

    yield worker
    client.close()


_FROM = re.compile(r'\bFROM\s+"?(market_round_offer|market_slot|market_round)\b', re.I)


def _tables_read(statements: list[str]) -> list[str]:
    """The round tables each statement reads, in order."""
    return [t for s in statements for t in _FROM.findall(s)]


def test_hit_reads_only_the_places_booked(rounds, client, shared):
    url = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)
    with counted() as miss:
        first = client.get(url).get_json()
    with counted() as hit:
        second = client.get(url).get_json()
    assert first == second and len(first["slots"]) == 4
    assert sorted(_tables_read(miss)) == ["market_round", "market_round_offer", "market_slot"]
    assert _tables_read(hit) == ["market_slot"]


def test_booking_is_seen_without_a_new_version(rounds, client, shared):
    url = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)
    assert [s["booked"] for s in client.get(url).get_json()["slots"]] == [0, 0, 0, 0]
    r = client.post(
        f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}/bookings",
        json={"household_id": rounds.households[0].id, "slot_id": rounds.slot_ids[1]},
    )
    assert r.status_code == 201
    with counted() as hit:
        slots = client.get(url).get_json()["slots"]
    assert [s["booked"] for s in slots] == [0, 1, 0, 0]
    assert _tables_read(hit) == ["market_slot"]


def test_staff_writes_are_seen_by_every_worker(rounds, client, shared, ctx):
    base = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)

    def read_in(n: int) -> dict:
        shared(n)
        return client.get(base).get_json()

    assert read_in(0) == read_in(1)  # both workers hold the round

    # a slot's capacity, changed through the ORM in another session
    shared(0)
    with tenant_context(rounds.tenant.id):
        db.session.get(Slot, rounds.slot_ids[0]).capacity = 7
        db.session.commit()
    assert read_in(1)["slots"][0]["capacity"] == 7
    assert read_in(0)["slots"][0]["capacity"] == 7

    # an offer's price, through the API (worker 0)
    shared(0)
    r = client.post(
        f"{base}/offers",
        json={"item_id": rounds.rice.id, "price_satang": 1500, "limit_per_household": 2},
    )
    assert r.status_code == 201
    detail = read_in(1)
    assert (detail["offers"][0]["price_satang"], detail["offers"][0]["limit_per_household"]) == (
        1500,
        2,
    )

    # new slots stamped from a template
    shared(1)
    r = client.post(
        f"{base}/slot-templates",
        json={"start_time": "13:00", "end_time": "14:00", "interval_minutes": 30, "capacity": 5},
    )
    assert r.status_code == 201
    assert len(read_in(0)["slots"]) == 6

    # the round closed, by a service call as a task would make it
    with tenant_context(rounds.tenant.id):
        round_ = services.get_round(rounds.round.id)
        data = {c: getattr(round_, c) for c in ("name", "starts_on", "ends_on", "centre_id",
                                                 "booking_opens_at", "booking_closes_at")}
        services.save_round({**data, "status": "closed"}, actor_id=None, round_=round_)
        db.session.commit()
    assert read_in(0)["status"] == read_in(1)["status"] == "closed"


def test_a_bulk_statement_makes_the_tenant_read_again(rounds, client, shared):
    url = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)
    client.get(url)
    with tenant_context(rounds.tenant.id):
        db.session.execute(
            sa.update(Slot).where(Slot.round_id == rounds.round.id).values(capacity=9)
        )
        db.session.commit()
    assert {s["capacity"] for s in client.get(url).get_json()["slots"]} == {9}


def test_a_write_rolled_back_changes_nothing(rounds, client, shared):
    url = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)
    client.get(url)
    with tenant_context(rounds.tenant.id):
        db.session.get(Slot, rounds.slot_ids[0]).capacity = 7
        db.session.flush()
        db.session.rollback()
    with counted() as hit:
        assert client.get(url).get_json()["slots"][0]["capacity"] == 2
    assert _tables_read(hit) == ["market_slot"]


def test_a_tenant_never_gets_another_tenants_round(rounds, client, shared, make_tenant, make_member):
    other = make_tenant(slug="round-other")
    other_staff = make_member(other, "staff")
    db.session.commit()
    client.login(rounds.staff)
    own = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    assert client.get(own).status_code == 200
    assert client.get(own).status_code == 200  # cached now
    client.login(other_staff)
    r = client.get(f"/api/v1/t/{other.slug}/market/rounds/{rounds.round.id}")
    assert r.status_code == 404


def test_without_redis_every_read_goes_to_the_database(rounds, client, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "round_cache", {"client": None})
    url = f"/api/v1/t/{rounds.tenant.slug}/market/rounds/{rounds.round.id}"
    client.login(rounds.staff)
    client.get(url)
    with counted() as again:
        assert len(client.get(url).get_json()["slots"]) == 4
    assert sorted(_tables_read(again)) == ["market_round", "market_round_offer", "market_slot"]
