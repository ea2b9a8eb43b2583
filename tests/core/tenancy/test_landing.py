"""The landing page reads a bounded number of statements (no lazy loads from
the template), and a visitor's copy is shared for a few seconds."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from core import microcache
from core.db import db


@pytest.fixture(autouse=True)
def _empty_cache():
    microcache.clear()
    yield
    microcache.clear()


@contextmanager
def counted(app):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def _network(make_tenant, n: int = 5):
    network = make_tenant(slug="landing-net", kind="network")
    council = make_tenant(slug="landing-council", parent_id=network.id)
    for i in range(n):
        make_tenant(slug=f"landing-community-{i}", kind="community", parent_id=council.id)
    return network, council


def test_the_landing_page_runs_a_bounded_number_of_statements(app, client, make_tenant, make_member):
    network, council = _network(make_tenant)
    with counted(app) as few:
        assert client.get(f"/t/{council.slug}/").status_code == 200
    make_tenant(slug="landing-community-more", kind="community", parent_id=council.id)
    microcache.clear()
    with counted(app) as more:
        assert client.get(f"/t/{council.slug}/").status_code == 200
    assert len(more) == len(few), "one more member organisation, no more statements"
    selects = [s for s in few if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4, selects
    client.login(make_member(council, "staff"))
    with counted(app) as member:
        assert client.get(f"/t/{council.slug}/").status_code == 200
    # a member also sees what waits for them: a count per box their permissions open
    assert len([s for s in member if s.lstrip().upper().startswith("SELECT")]) <= 10, member


def test_a_visitors_landing_page_is_shared_for_a_few_seconds(app, client, make_tenant):
    _net, council = _network(make_tenant, n=1)
    first = client.get(f"/t/{council.slug}/")
    assert first.headers["Cache-Control"].startswith("public")
    with counted(app) as statements:
        again = client.get(f"/t/{council.slug}/")
    assert again.get_data() == first.get_data()
    assert statements == [], "served from the shared copy, without the database"
    english = client.get(f"/t/{council.slug}/?lang=en")
    assert 'lang="en"' in english.get_data(as_text=True), "another language, another copy"


def test_a_member_never_gets_the_shared_copy(client, make_tenant, make_member):
    _net, council = _network(make_tenant, n=1)
    client.get(f"/t/{council.slug}/")
    client.login(make_member(council, "staff"))
    page = client.get(f"/t/{council.slug}/")
    assert "public" not in page.headers.get("Cache-Control", "")
    assert "Your roles" in page.get_data(as_text=True) or "บทบาท" in page.get_data(as_text=True)
