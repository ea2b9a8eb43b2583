"""The coupon programme pages run the same number of statements whatever the
number of coupons: a programme of 10 households and one of 200 cost the same
round trips, and the lists are paged."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from core.db import db
from core.tenancy.context import tenant_context
from market.coupons import issuing, queries
from tests.factories.market import today

PAGES = ("", "/cards", "/cards?page=2")


@contextmanager
def counted():
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _programme_with(market, n: int, name: str) -> int:
    """A programme with ``n`` households, each with one member and a coupon."""
    from core.registry.models import Household, Person
    from market.models.coupons import Coupon

    with tenant_context(market.tenant.id):
        programme = issuing.save_programme(
            {"name": name, "kind": "value", "value_satang": 5000, "min_household_size": 1},
            actor_id=market.staff.id,
        )
        village_id = market.household.village_id
        ids = db.session.scalars(
            sa.insert(Household).returning(Household.id),
            [
                {"tenant_id": market.tenant.id, "code": f"{name}-{i}", "village_id": village_id}
                for i in range(n)
            ],
        ).all()
        db.session.execute(
            sa.insert(Person),
            [
                {"tenant_id": market.tenant.id, "household_id": h, "first_name_th": "ทดสอบ"}
                for h in ids
            ],
        )
        db.session.execute(
            sa.insert(Coupon),
            [
                {
                    "tenant_id": market.tenant.id,
                    "code": issuing.new_code(),
                    "household_id": h,
                    "programme_id": programme.id,
                    "value_satang": 5000,
                    "balance_satang": 5000,
                    "state": "active",
                    "valid_from": issuing.day_start(today() - timedelta(days=1)),
                    "valid_until": issuing.day_end(today() + timedelta(days=7)),
                    "basket": [],
                    "allowed_item_ids": [],
                    "allowed_category_ids": [],
                }
                for h in ids
            ],
        )
        db.session.commit()
        return programme.id


def _statements(client, base: str, path: str) -> tuple[int, str]:
    with counted() as statements:
        response = client.get(base + path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return len(statements), response.get_data(as_text=True)


def test_programme_pages_cost_the_same_for_10_and_200_coupons(market, client):
    small = _programme_with(market, 10, "small")
    large = _programme_with(market, 200, "large")
    client.login(market.staff)
    root = f"/t/{market.tenant.slug}/market/coupons"
    client.get(f"{root}/programmes/{small}/cards")  # the signing key made on first use
    for path in PAGES:
        few, _ = _statements(client, f"{root}/programmes/{small}", path)
        many, _ = _statements(client, f"{root}/programmes/{large}", path)
        assert few == many, path
        assert many <= 15, path
    for path in ("/", "/report"):
        client.get(root + path)
        before, _ = _statements(client, root, path)
        _programme_with(market, 50, f"more{path.strip('/')}")
        after, _ = _statements(client, root, path)
        assert before == after, path


def test_the_cards_of_a_large_programme_come_in_pages(market, client):
    pid = _programme_with(market, 200, "cards")
    client.login(market.staff)
    base = f"/t/{market.tenant.slug}/market/coupons/programmes/{pid}"
    shown: list[str] = []
    pages = -(-200 // queries.CARDS_PER_PAGE)
    for page in range(1, pages + 1):
        html = client.get(f"{base}/cards?page={page}").get_data(as_text=True)
        shown += html.split('data-coupon="')[1:]
        assert f"{page} " in html
    assert len(shown) == 200
    assert len({s.split('"', 1)[0] for s in shown}) == 200  # each coupon once
    last = client.get(f"{base}/cards?page={pages + 5}").get_data(as_text=True)
    assert last.count('data-coupon="') == 200 - (pages - 1) * queries.CARDS_PER_PAGE
    listed = client.get(base).get_data(as_text=True)
    assert listed.count("/market/coupons/") and listed.count("<code>") == queries.PAGE_SIZE


@pytest.mark.parametrize(("flags", "admitted"), [((), 2), (("disabled",), 1)])
def test_the_eligible_count_is_the_issuing_rule(market, make_household, flags, admitted):
    from core.registry.models import Person

    for members in (1, 2, 5):  # with the fixture's household of 3
        make_household(market.tenant, members=members)
    with tenant_context(market.tenant.id):
        programme = issuing.save_programme(
            {
                "name": "Count",
                "kind": "value",
                "value_satang": 5000,
                "min_household_size": 2,
                "max_household_size": 4,
                "eligibility_flags": list(flags),
            },
            actor_id=market.staff.id,
        )
        person = db.session.scalar(
            sa.select(Person).where(Person.household_id == market.household.id).limit(1)
        )
        person.disabled = True
        db.session.flush()
        assert len(issuing.eligible_households(programme)) == admitted
        assert queries.eligible_count(programme) == admitted
