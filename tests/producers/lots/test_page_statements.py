"""Statements per page against a budget (a ``before_cursor_execute`` count):
a PGS network's public pages read a fixed handful whatever the network holds
(no lazy loads from the templates), set no cookie for a visitor and are
served again from the shared copy without the database; a member's first
page stays within its own budget."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from core import microcache
from core.db import db
from core.tenancy.context import tenant_context

# SELECTs a page may run on a cache miss (PostgreSQL's per-transaction binding
# is sent by the driver's cursor below the count, as on SQLite there is none)
BUDGET = {
    "lot page": 8,  # the first visit to a lot in this worker: its names, plot and lot, its facts, its offers
    "lot page again": 4,  # its facts kept by the worker too (a few seconds): who sells from it
    "network landing": 4,
    "member's first page": 16,
}


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


def _selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def _lot_token(net, harvest) -> str:
    from producers.models.lots import QrCode

    lot = harvest(30)
    with tenant_context(net.tenant.id):
        token = db.session.scalar(sa.select(QrCode.token).where(QrCode.lot_id == lot.id))
    db.session.remove()  # the page reads with a session of its own, as a visitor's request would
    return token


def test_a_lot_page_reads_its_budget_sets_no_cookie_and_is_shared(app, net, harvest, client):
    token = _lot_token(net, harvest)
    with counted(app) as first:
        response = client.get(f"/q/{token}")
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")
    assert len(_selects(first)) <= BUDGET["lot page"], first
    with counted(app) as again:
        assert client.get(f"/q/{token}").get_data() == response.get_data()
    assert again == [], "served from the shared copy, without the database"
    microcache.clear()
    with counted(app) as kept:
        assert client.get(f"/q/{token}").status_code == 200
    assert len(_selects(kept)) <= BUDGET["lot page again"], kept


def test_a_networks_public_landing_reads_its_budget_and_sets_no_cookie(app, net, client):
    slug = net.tenant.slug
    db.session.remove()
    with counted(app) as first:
        response = client.get(f"/t/{slug}/")
    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")
    assert "csrf_token" not in response.get_data(as_text=True)
    assert len(_selects(first)) <= BUDGET["network landing"], first
    with counted(app) as again:
        assert client.get(f"/t/{slug}/").status_code == 200
    assert again == []


def test_a_members_first_page_reads_its_budget(app, net, client):
    client.login(net.admin)
    slug = net.tenant.slug
    db.session.remove()
    client.get(f"/t/{slug}/")  # the session's own first touches (last seen) out of the count
    with counted(app) as statements:
        response = client.get(f"/t/{slug}/")
    assert response.status_code == 200
    assert "public" not in response.headers.get("Cache-Control", "")
    assert len(_selects(statements)) <= BUDGET["member's first page"], statements
