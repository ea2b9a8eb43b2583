"""The second wall, tried as an attacker with a raw SQL session of the app's
own database role would: whatever they set, they reach only the tenant the
application bound to the transaction, and nothing without one.

The suite's app already connects as that plain role (tests/conftest.py); the
attacker's sessions here are plain psycopg connections of the same role,
untouched by the application's hooks."""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from core.db import db
from core.tenancy import crossing, rls
from core.tenancy.context import tenant_context, user_context
from tests import services
from tests.conftest import SECRET_KEY


@pytest.fixture
def wall(postgres_only, ctx):
    yield


def _villages(make_village, make_tenant):
    a, b = make_tenant(), make_tenant()
    for _ in range(2):
        make_village(a)
    for _ in range(3):
        make_village(b)
    return a, b


@pytest.fixture
def attacker(wall, database_url):
    """A raw session of the app's role: no application code in between."""
    url = make_url(database_url)
    conn = psycopg.connect(
        host=url.host, port=url.port or 5432, dbname=url.database, user=url.username,
        password=url.password, autocommit=False,
    )  # fmt: skip
    try:
        yield conn
    finally:
        conn.close()


def _count(conn, sql: str, params=None) -> int:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def _run(conn, sql: str, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else cur.rowcount


def test_the_app_connects_as_a_role_row_level_security_binds(wall):
    with db.engine.connect() as conn:
        assert rls.role_bypasses(conn) is None
        row = conn.execute(
            sa.text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert tuple(row) == (False, False)
        assert conn.scalar(sa.text("SELECT current_user")) == services.APP_ROLE


def test_every_tenant_table_is_behind_the_verified_policy(wall, owner_engine):
    with owner_engine.connect() as conn:
        assert rls.unprotected_tables(conn) == []
        tables = rls.tenant_tables(conn)
        assert {"village", "membership", "person", "audit_event"} <= set(tables)
        lacking = [
            t for t in tables
            if not conn.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
                    " WHERE r.relname = :t AND c.contype IN ('u', 'p')"
                    " AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a"
                    "      WHERE a.attrelid = r.oid AND a.attnum = ANY (c.conkey)) = ARRAY['id', 'tenant_id']"
                ),
                {"t": t},
            )
        ]  # fmt: skip
        assert lacking == [], f"tenant tables without UNIQUE (tenant_id, id): {lacking}"


def test_raw_sql_of_the_app_sees_only_the_tenant_in_context(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    with tenant_context(a.id):
        assert db.session.scalar(count) == 2
        assert db.session.scalar(sa.text("SELECT count(*) FROM village WHERE tenant_id = :b"), {"b": b.id}) == 0
    db.session.rollback()
    with tenant_context(b.id):
        assert db.session.scalar(count) == 3
    db.session.rollback()
    assert db.session.scalar(count) == 0  # no tenant: nothing, not everything
    db.session.rollback()


def test_the_binding_follows_the_context_inside_one_transaction(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    with tenant_context(a.id):
        assert db.session.scalar(count) == 2
    with tenant_context(b.id):
        assert db.session.scalar(count) == 3
    assert db.session.scalar(count) == 0
    db.session.rollback()


def test_a_write_into_another_tenant_is_refused(wall, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    with tenant_context(a.id):
        with pytest.raises(sa.exc.DBAPIError, match="row-level security"):
            db.session.execute(
                sa.text("INSERT INTO village (tenant_id, name_th, name_en, kind) VALUES (:b, 'x', '', 'moo')"),
                {"b": b.id},
            )
    db.session.rollback()
    with tenant_context(a.id):
        changed = db.session.execute(sa.text("UPDATE village SET name_th = 'taken' WHERE tenant_id = :b"), {"b": b.id})
        assert changed.rowcount == 0
    db.session.rollback()


def test_a_failed_savepoint_keeps_the_binding(wall, make_village, make_tenant):
    a, _b = _villages(make_village, make_tenant)
    count = sa.text("SELECT count(*) FROM village")
    with tenant_context(a.id):
        with pytest.raises(sa.exc.DBAPIError):
            with db.session.begin_nested():
                db.session.execute(sa.text("SELECT 1 / 0"))
        assert db.session.scalar(count) == 2
    db.session.rollback()


# --- the attacker's own session -----------------------------------------------------

SETTINGS = [
    ("pansuk.unscoped", "on"),
    ("pansuk.tenant_id", "{b}"),
    ("pansuk.binding_claim", "{b}::{pid}"),
    ("pansuk.binding_claim", "{b}:1:{pid}"),
    ("pansuk.binding_proof", "0" * 64),
    ("pansuk.binding_proof", ""),
    ("row_security", "off"),
    ("session_replication_role", "replica"),
    ("search_path", "pansuk_private, public"),
    ("role", "postgres"),
    ("session_authorization", "postgres"),
]


def test_no_setting_opens_another_tenant(attacker, make_village, make_tenant, make_household):
    a, b = _villages(make_village, make_tenant)
    make_household(b)
    pid = _count(attacker, "SELECT pg_backend_pid()")
    attacker.commit()
    for name, value in SETTINGS:
        value = value.format(b=b.id, pid=pid)
        for local in (True, False):
            try:
                _run(attacker, "SELECT set_config(%s, %s, %s)", (name, value, local))
            except psycopg.Error:
                attacker.rollback()  # refused outright: as good
                continue
            try:
                seen = (
                    _count(attacker, "SELECT count(*) FROM village"),
                    _count(attacker, "SELECT count(*) FROM person"),
                    _count(attacker, "SELECT count(*) FROM household"),
                )
                changed = _run(attacker, "UPDATE person SET phone = '0800000000'")
            except psycopg.Error:
                attacker.rollback()
                continue
            assert seen == (0, 0, 0), f"{name}={value!r} opened rows: {seen}"
            assert changed == 0, f"{name}={value!r} let an UPDATE through"
            attacker.rollback()


def test_the_attacker_cannot_forge_copy_or_read_the_proof(attacker, make_village, make_tenant):
    a, b = _villages(make_village, make_tenant)
    pid = _count(attacker, "SELECT pg_backend_pid()")
    key = rls.binding_key(SECRET_KEY)
    # A proof signed for tenant a on another backend (as the app's were) opens nothing here.
    other = rls.claim_text(a.id, None, pid + 1)
    _run(attacker, "SELECT set_config('pansuk.binding_claim', %s, true), set_config('pansuk.binding_proof', %s, true)",
         (other, rls.proof(key, other)))  # fmt: skip
    assert _count(attacker, "SELECT count(*) FROM village") == 0
    attacker.rollback()
    # A proof for a, on this backend, does not stretch to b by editing the claim.
    mine = rls.claim_text(a.id, None, pid)
    for claim in (rls.claim_text(b.id, None, pid), f"{b.id}:{a.id}:{pid}", f"{a.id},{b.id}::{pid}"):
        _run(attacker, "SELECT set_config('pansuk.binding_claim', %s, true), set_config('pansuk.binding_proof', %s, true)",
             (claim, rls.proof(key, mine)))  # fmt: skip
        assert _count(attacker, "SELECT count(*) FROM village WHERE tenant_id = %s", (b.id,)) == 0
        attacker.rollback()
    # The key itself is out of reach.
    for sql in ("SELECT key FROM pansuk_private.binding_key", "SELECT * FROM pansuk_private.binding_key"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _run(attacker, sql)
        attacker.rollback()
    # ...and the wall itself.
    for sql in (
        "ALTER TABLE village DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE village NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY pansuk_tenant_isolation ON village",
        "CREATE OR REPLACE FUNCTION public.pansuk_bound_tenant() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'",
        "SET ROLE postgres",
        "GRANT USAGE ON SCHEMA pansuk_private TO CURRENT_USER",
    ):
        with pytest.raises(psycopg.Error):
            _run(attacker, sql)
        attacker.rollback()


def test_the_right_proof_opens_exactly_one_tenant(attacker, make_village, make_tenant):
    """The control: the same session with the binding the app would make sees
    its tenant, so the refusals above are the wall and not a broken setup."""
    a, b = _villages(make_village, make_tenant)
    pid = _count(attacker, "SELECT pg_backend_pid()")
    claim = rls.claim_text(a.id, None, pid)
    _run(attacker, "SELECT set_config('pansuk.binding_claim', %s, true), set_config('pansuk.binding_proof', %s, true)",
         (claim, rls.proof(rls.binding_key(SECRET_KEY), claim)))  # fmt: skip
    assert _count(attacker, "SELECT count(*) FROM village") == 2
    assert _count(attacker, "SELECT count(*) FROM village WHERE tenant_id = %s", (b.id,)) == 0
    attacker.rollback()


def test_crossing_functions_answer_only_their_own_questions(attacker, make_tenant, make_person, make_village):
    _a, b = make_tenant(), make_tenant()
    person = make_person(b, phone="0811111111")
    make_village(b)
    # not a crossing key: no oracle for national ids or phones
    assert _run(attacker, "SELECT * FROM pansuk_tenants_of('person.national_id', %s)", (person.national_id,)) == []
    assert _run(attacker, "SELECT * FROM pansuk_tenants_of('person.phone', '0811111111')") == []
    # not a fan-out table
    assert _run(attacker, "SELECT * FROM pansuk_tenants_having('person')") == []
    # a network's counts only for the network the transaction is bound to
    network = make_tenant(kind="network")
    b.parent_id = network.id
    db.session.commit()
    assert _run(attacker, "SELECT * FROM pansuk_member_counts(%s)", (network.id,)) == []
    attacker.rollback()


def test_member_counts_for_the_bound_network(wall, make_tenant, make_village):
    network = make_tenant(kind="network")
    member = make_tenant(parent_id=network.id)
    make_village(member)
    with tenant_context(network.id):
        counts = crossing.member_counts(network.id)
    assert counts[member.id].villages == 1
    with tenant_context(member.id), pytest.raises(PermissionError):
        crossing.member_counts(network.id)


def test_memberships_show_to_their_tenant_and_their_user_only(wall, make_tenant, make_member):
    a, b, c = make_tenant(), make_tenant(), make_tenant()
    user = make_member(a, "staff")
    make_member(b, "admin", user=user)
    stranger = make_member(c, "admin")
    seen = sa.text("SELECT tenant_id FROM membership ORDER BY tenant_id")
    with user_context(user.id):
        assert db.session.scalars(seen).all() == [a.id, b.id]
    db.session.rollback()
    with tenant_context(c.id):
        assert db.session.scalars(seen).all() == [c.id]
    db.session.rollback()
    with user_context(stranger.id), tenant_context(a.id):
        assert db.session.scalars(seen).all() == [a.id, c.id]
    db.session.rollback()
    with user_context(user.id):  # the user's own view does not let them write elsewhere
        with pytest.raises(sa.exc.DBAPIError, match="row-level security"):
            db.session.execute(
                sa.text("INSERT INTO membership (user_id, tenant_id, roles, active, created_at, updated_at)"
                        " VALUES (:u, :c, '[\"admin\"]', true, now(), now())"),
                {"u": user.id, "c": c.id},
            )  # fmt: skip
    db.session.rollback()


def test_the_policy_is_evaluated_once_per_statement(wall, make_village, make_tenant):
    """The proof is checked in an InitPlan, run once however many rows the
    statement reads, not once per row."""
    a, _b = _villages(make_village, make_tenant)
    for _ in range(20):
        make_village(a)
    with tenant_context(a.id):
        plan = db.session.scalar(sa.text("EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM village"))
    db.session.rollback()
    init_plans = []

    def walk(node):
        if node.get("Subplan Name", "").startswith("InitPlan"):
            init_plans.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    assert plan[0]["Plan"]["Actual Rows"] == 22
    assert init_plans, "the binding is not checked in an InitPlan"
    assert all(p["Actual Loops"] == 1 for p in init_plans)
