"""A tenant's write version changes once a transaction that wrote one of its
rows commits, whatever way the row was written (an ORM flush, a Core
statement, a one-statement write whose DML is in a CTE, DML written as text),
and only then: not on a rollback, not for a row outside the tenants, and not
for another tenant."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core import tenant_writes
from core.auth.models import User
from core.db import db
from core.registry.models import Village
from core.statements import table
from core.tenancy.context import tenant_context
from tests.fake_redis import versions_client


@pytest.fixture
def versions_on(app, ctx, monkeypatch):
    client = versions_client("pansuk:writes:")
    monkeypatch.setitem(app.extensions, "versions", {"client": client})
    yield
    client.close()


def _version(tenant) -> tuple[str, ...]:
    with tenant_context(tenant.id):
        found = tenant_writes.current(tenant.id, db.session())
        db.session.rollback()
    assert found is not None
    return found


def _after(tenant, write) -> bool:
    """Whether ``write()``, committed in ``tenant``, gave it a new version."""
    before = _version(tenant)
    with tenant_context(tenant.id):
        write()
        db.session.commit()
    return _version(tenant) != before


def test_every_way_of_writing_a_tenants_row_changes_its_version(versions_on, make_tenant, make_village):
    tenant, other = make_tenant(), make_tenant()
    village = make_village(tenant)
    rows = table(Village)
    assert _after(tenant, lambda: db.session.add(Village(moo=7, name_th="บ้านใหม่"))), "an ORM flush"
    assert _after(tenant, lambda: db.session.execute(
        sa.update(Village).where(Village.id == village.id).values(name_th="บ้านเก่า"))), "an ORM statement"
    assert _after(tenant, lambda: db.session.connection().execute(
        sa.update(rows).where(rows.c.id == village.id).values(moo=8))), "a Core statement on the connection"
    assert _after(tenant, lambda: db.session.execute(
        sa.text("UPDATE village SET moo = 9 WHERE id = :id"), {"id": village.id})), "DML as text"
    other_before = _version(other)
    assert _after(tenant, lambda: db.session.execute(sa.delete(Village).where(Village.id == village.id)))
    assert _version(other) == other_before, "another tenant's copies stay"


def test_a_one_statement_write_with_its_dml_in_a_cte_changes_the_version(
    postgres_only, versions_on, make_tenant, make_village
):
    tenant = make_tenant()
    village = make_village(tenant)
    rows = table(Village)
    renamed = sa.update(rows).where(rows.c.id == village.id).values(name_th="บ้านใหม่").returning(rows.c.id).cte()
    assert _after(tenant, lambda: db.session.connection().execute(sa.select(renamed.c.id)).all())


def test_no_new_version_for_a_read_a_rollback_or_a_row_outside_the_tenants(versions_on, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user()
    assert not _after(tenant, lambda: db.session.scalars(sa.select(Village)).all()), "a read"
    before = _version(tenant)
    with tenant_context(tenant.id):
        db.session.add(Village(moo=3, name_th="บ้านที่ไม่เกิด"))
        db.session.flush()
        db.session.rollback()
    assert _version(tenant) == before, "a rolled-back write"
    assert not _after(tenant, lambda: db.session.execute(
        sa.update(User).where(User.id == user.id).values(display_name="ชื่อใหม่"))), "a user (the identity cache's)"


def test_a_write_not_yet_committed_is_never_kept(versions_on, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant.id):
        db.session.add(Village(moo=4, name_th="บ้านยังไม่บันทึก"))
        db.session.flush()
        assert tenant_writes.current(tenant.id, db.session()) is None, "what it would keep could be its own write"
        db.session.rollback()
