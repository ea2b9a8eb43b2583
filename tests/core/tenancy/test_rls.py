"""The second wall: with the application's filter out of the way (raw SQL),
a role bound by row-level security sees and writes only the tenant its
transaction names, sees nothing without one, and cannot lift the policy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.tenancy import rls
from core.tenancy.context import tenant_context, unscoped

ROLE = "pansuk_rls_probe"


@pytest.fixture
def wall(postgres_only, ctx):
    """RLS on the test database, and a plain role (no superuser, no BYPASSRLS)."""
    with db.engine.begin() as conn:
        rls.enable_all(conn)
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE})
        if not exists:
            conn.execute(sa.text(f"CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS"))
        conn.execute(sa.text(f"GRANT USAGE ON SCHEMA public TO {ROLE}"))
        conn.execute(
            sa.text(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}"
            )
        )
        conn.execute(sa.text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ROLE}"))
    yield


def _villages(make_village, make_tenant):
    a, b = make_tenant(), make_tenant()
    for _ in range(2):
        make_village(a)
    for _ in range(3):
        make_village(b)
    return a, b


def test_every_tenant_table_is_behind_the_policy(wall):
    with db.engine.connect() as conn:
        assert rls.unprotected_tables(conn) == []
        assert "village" in rls.tenant_tables(conn)
        assert "membership" not in rls.tenant_tables(conn)


def test_raw_sql_sees_only_the_tenant_in_context(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    with tenant_context(a.id):
        db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        assert db.session.scalar(count) == 2
        assert (
            db.session.scalar(
                sa.text("SELECT count(*) FROM village WHERE tenant_id = :b"), {"b": b.id}
            )
            == 0
        )
    db.session.rollback()
    with tenant_context(b.id):
        db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        assert db.session.scalar(count) == 3
    db.session.rollback()


def test_no_tenant_means_no_rows(wall, make_village, make_tenant):
    _villages(make_village, make_tenant)
    with db.engine.begin() as conn:
        conn.info["pansuk_rls_off"] = True  # a connection that never sets a tenant
        try:
            conn.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
            assert conn.scalar(sa.text("SELECT count(*) FROM village")) == 0
            assert conn.scalar(sa.text("SELECT count(*) FROM household")) == 0
        finally:
            del conn.info["pansuk_rls_off"]  # the pooled connection goes back to normal
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))  # our own hook sets an empty tenant
        assert conn.scalar(sa.text("SELECT count(*) FROM village")) == 0


def test_a_write_into_another_tenant_is_refused(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    with tenant_context(a.id):
        db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        with pytest.raises(sa.exc.DBAPIError, match="row-level security"):
            db.session.execute(
                sa.text(
                    "INSERT INTO village (tenant_id, name_th, name_en, kind) VALUES (:b, 'x', '', 'moo')"
                ),
                {"b": b.id},
            )
    db.session.rollback()
    with tenant_context(a.id):
        db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        changed = db.session.execute(
            sa.text("UPDATE village SET name_th = 'taken' WHERE tenant_id = :b"), {"b": b.id}
        )
        assert changed.rowcount == 0
    db.session.rollback()


def test_the_context_switch_inside_one_transaction_follows(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
    with tenant_context(a.id):
        assert db.session.scalar(count) == 2
    with tenant_context(b.id):
        assert db.session.scalar(count) == 3
    with unscoped():
        assert db.session.scalar(count) == 5
    assert db.session.scalar(count) == 0
    db.session.rollback()


def test_the_plain_role_cannot_lift_the_policy(wall):
    with db.engine.begin() as conn:
        assert (
            conn.scalar(
                sa.text("SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = :r"),
                {"r": ROLE},
            )
            is False
        )
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        with pytest.raises(sa.exc.DBAPIError, match="must be owner"):
            conn.execute(sa.text("ALTER TABLE village DISABLE ROW LEVEL SECURITY"))
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        with pytest.raises(sa.exc.DBAPIError):
            conn.execute(sa.text("SET LOCAL row_security = off"))
            conn.execute(sa.text("SELECT count(*) FROM village"))


def test_a_failed_savepoint_keeps_the_tenant_setting(wall, make_village, make_tenant):
    a, _b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    with tenant_context(a.id):
        db.session.execute(sa.text(f"SET LOCAL ROLE {ROLE}"))
        with pytest.raises(sa.exc.DBAPIError):
            with db.session.begin_nested():
                db.session.execute(sa.text("SELECT 1 / 0"))
        assert db.session.scalar(count) == 2
    db.session.rollback()
