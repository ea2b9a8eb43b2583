"""Merges raced on PostgreSQL by real concurrent clients: two admins merging
the same duplicate, or each keeping a different one of the pair, merge once;
two undos of one merge restore once."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import MergeRecord, Person
from core.tenancy.context import tenant_context
from tests.core.registry.test_merge import two  # noqa: F401 - the fixture
from tests.race import together

BASE = "/t/khok-sai/registry"


def _admins(make_client, make_member, tenant, n):
    clients = [make_client().login(make_member(tenant, "admin")) for _ in range(n)]
    for c in clients:
        c.csrf_token()
    return clients


def test_two_admins_merging_the_same_pair_merge_once(postgres_only, two, make_client,  # noqa: F811
                                                      make_member):
    t = two["tenant"]
    clients = _admins(make_client, make_member, t, 4)
    # two keep one record, two keep the other
    urls = [f"{BASE}/merge/people?keep={two['kept']}&remove={two['dup']}",
            f"{BASE}/merge/people?keep={two['dup']}&remove={two['kept']}"] * 2
    responses = together([lambda i=i: clients[i].post(urls[i], data={"reason": f"desk {i}"}) for i in range(4)])
    assert sorted(r.status_code for r in responses) == [302, 404, 404, 404]
    for lost in (r for r in responses if r.status_code == 404):
        assert "อาจถูกรวมไปแล้ว" in lost.get_data(as_text=True)  # merged already, said plainly
    with tenant_context(t.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MergeRecord)) == 1
        left = db.session.scalars(sa.select(Person.id).where(Person.id.in_([two["kept"], two["dup"]]))).all()
        assert len(left) == 1
        db.session.rollback()


def test_two_undos_of_one_merge_restore_once(postgres_only, two, make_client, make_member):  # noqa: F811
    t = two["tenant"]
    clients = _admins(make_client, make_member, t, 2)
    assert clients[0].post(f"{BASE}/merge/people?keep={two['kept']}&remove={two['dup']}").status_code == 302
    with tenant_context(t.id):
        merge_id = db.session.scalar(sa.select(MergeRecord.id))
        db.session.rollback()
    statuses = together([lambda i=i: clients[i].post(f"{BASE}/merges/{merge_id}/undo").status_code for i in range(2)])
    assert statuses == [302, 302]
    with tenant_context(t.id):
        assert db.session.get(Person, two["dup"]) is not None
        assert db.session.get(MergeRecord, merge_id).status == "undone"
        assert db.session.scalar(
            sa.text("SELECT count(*) FROM audit_event WHERE action = 'registry.person.unmerge'")
        ) == 1
        db.session.rollback()
