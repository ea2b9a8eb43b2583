"""After the boundary's commit the answer is put together from the objects in
hand, without reading them again in a second transaction; a statement that
wrote behind the ORM's back expires them as before, and so does every other
commit (a task's, ``settle()``)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import jsonify

from core.boundary import settle, writes
from core.db import db, is_postgres
from core.registry.models import Village
from core.tenancy.context import tenant_context


@pytest.fixture
def tenant(make_tenant):
    return make_tenant().id


def _statements(app):
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    return engine, note, seen


def _serve(app, tenant, view):
    """Run ``view`` as a request of the tenant's, and read the answer it
    returned after the boundary (as a schema or a template would): the
    statements run then, and the answer."""
    engine, note, seen = _statements(app)
    try:
        with app.test_request_context("/t/x/villages", method="POST"), tenant_context(tenant):
            village = view()
            committed = len(seen)
            answer = {"id": village.id, "name": village.name_th, "moo": village.moo}
            after = seen[committed:]
            db.session.remove()
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return answer, after


def test_the_answer_after_the_commit_reads_nothing_again(app, tenant):
    @writes
    def add():
        village = Village(moo=3, name_th="สาม")
        db.session.add(village)
        db.session.flush()
        village.name_th = "สามใหม่"
        return village

    answer, after = _serve(app, tenant, add)
    assert answer["name"] == "สามใหม่" and answer["moo"] == 3
    assert after == [], "the objects in hand are not read again after the commit"


def test_a_write_behind_the_orm_expires_what_is_in_hand(app, tenant):
    @writes
    def rename():
        village = Village(moo=4, name_th="สี่")
        db.session.add(village)
        db.session.flush()
        db.session.execute(
            sa.text("UPDATE village SET name_th = 'สี่ใหม่' WHERE id = :id"), {"id": village.id}
        )
        return village

    answer, after = _serve(app, tenant, rename)
    assert answer["name"] == "สี่ใหม่", "read again after the commit: not the stale name in hand"
    assert after, "read again in a transaction of its own"


def test_a_core_update_expires_what_is_in_hand_but_a_locking_select_does_not(app, tenant):
    @writes
    def bump():
        village = Village(moo=5, name_th="ห้า")
        db.session.add(village)
        db.session.flush()
        db.session.execute(sa.update(Village.__table__).where(Village.__table__.c.id == village.id).values(moo=6))
        return village

    answer, _after = _serve(app, tenant, bump)
    assert answer["moo"] == 6

    @writes
    def lock():
        village = Village(moo=7, name_th="เจ็ด")
        db.session.add(village)
        db.session.flush()
        locking = " FOR UPDATE" if is_postgres() else ""  # SQLite has no row locks
        db.session.execute(sa.text(f"SELECT id FROM village WHERE id = :id{locking}"), {"id": village.id})
        return village

    answer, after = _serve(app, tenant, lock)
    assert answer["moo"] == 7 and after == []


def test_an_orm_update_keeps_the_objects_in_hand_right(app, tenant):
    @writes
    def bump():
        village = Village(moo=8, name_th="แปด")
        db.session.add(village)
        db.session.flush()
        db.session.execute(sa.update(Village).where(Village.id == village.id).values(moo=9))
        return village

    answer, after = _serve(app, tenant, bump)
    assert answer["moo"] == 9 and after == []


def test_a_commit_before_the_end_still_expires(app, tenant):
    @writes
    def add():
        village = Village(moo=10, name_th="สิบ")
        db.session.add(village)
        settle()  # the work so far committed mid-request: what follows reads afresh
        assert "name_th" not in sa.inspect(village).dict
        return village

    answer, _after = _serve(app, tenant, add)
    assert answer["name"] == "สิบ"


def test_an_api_answer_is_serialised_from_what_is_in_hand(app, tenant):
    """jsonify after the boundary, as flask-smorest's response schema does."""

    @writes
    def add():
        village = Village(moo=11, name_th="สิบเอ็ด")
        db.session.add(village)
        return village

    engine, note, seen = _statements(app)
    try:
        with app.test_request_context("/t/x/villages", method="POST"), tenant_context(tenant):
            village = add()
            committed = len(seen)
            body = jsonify(id=village.id, name=village.name_th).get_json()
            assert seen[committed:] == []
            db.session.remove()
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    assert body["name"] == "สิบเอ็ด"
