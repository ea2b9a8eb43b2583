"""The landing page reads a bounded number of statements (no lazy loads from
the template), and a visitor's copy is shared for a few seconds."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from core import microcache
from core.db import db
from tests import statements


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


# The member's first page: the tenant with the organisation above and those
# below; the user with the session the cookie names and their memberships;
# every box of what waits for them, of every domain, counted together.
MEMBER_BUDGET = 3


def _page_statements(seen: list[str]) -> list[str]:
    """Leaving out the row-level security binding of the transaction
    (core.tenancy.rls; PostgreSQL only), which every request with a tenant
    and a user sends once."""
    return [s for s in seen if not s.lstrip().startswith(("SELECT set_config(", "SELECT pg_backend_pid()"))]


def test_a_members_landing_page_keeps_to_its_statement_budget(client, make_tenant, make_member):
    _net, council = _network(make_tenant)
    # roles that open every box of every domain's inbox (PGS and welfare)
    everything = make_member(council, "admin", "staff", "committee", "inspector", "fund_manager", "signatory",
                             "producer")
    client.login(everything)
    landing = f"/t/{council.slug}/"
    with statements.counted() as seen:
        page = client.get(landing)
    assert page.status_code == 200
    assert 'data-test="waiting-my-farm"' in page.get_data(as_text=True)
    spent = _page_statements(seen)
    assert len(spent) <= MEMBER_BUDGET, "\n\n".join(spent)
    counts = [s for s in spent if "producer_inspection" in s and "welfare_benefit_claim" in s and "welfare_loan" in s]
    assert len(counts) == 1, "every box of every domain counted in one statement"

    client.login(make_member(council, "staff"))  # fewer boxes, no fewer round trips to spare
    with statements.counted() as seen:
        assert client.get(landing).status_code == 200
    assert len(_page_statements(seen)) <= MEMBER_BUDGET


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


def test_a_role_removed_or_a_session_ended_takes_effect_on_the_next_request(client, make_tenant, make_member):
    """Nothing of the member is kept between requests: the memberships and
    the session are read with the user on each one."""
    from core.auth.models import User, UserSession
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Membership

    _net, council = _network(make_tenant, n=1)
    auditor = make_member(council, "auditor")
    landing, user_id, tenant_id = f"/t/{council.slug}/", auditor.id, council.id
    client.login(auditor)
    assert "/audit" in client.get(landing).get_data(as_text=True)  # the audit log's card
    with tenant_context(tenant_id):
        db.session.execute(sa.update(Membership).where(Membership.user_id == user_id).values(roles=["household"]))
        db.session.commit()
    page = client.get(landing).get_data(as_text=True)
    assert "/audit" not in page, "the role removed, its card gone on the very next request"
    assert _logged_in(page)
    make_tenant(slug="landing-community-new", kind="community", parent_id=tenant_id)
    assert "/t/landing-community-new/" in client.get(landing).get_data(as_text=True), "a new member organisation"
    db.session.execute(sa.update(UserSession).where(UserSession.user_id == user_id).values(revoked_at=sa.func.now()))
    db.session.commit()
    assert not _logged_in(client.get(landing).get_data(as_text=True)), "the session ended: a visitor"
    client.login(db.session.get(User, user_id))
    assert _logged_in(client.get(landing).get_data(as_text=True))
    db.session.execute(sa.update(User).where(User.id == user_id).values(active=False))
    db.session.commit()
    assert not _logged_in(client.get(landing).get_data(as_text=True)), "the user switched off: a visitor"


def _logged_in(page: str) -> bool:
    return "Your roles" in page or "บทบาท" in page
