"""`pansuk setup-database`, the compose file's init step, on a new PostgreSQL
database: run as the owner it migrates and makes the plain application role,
again and again without harm; the application then connects as that role,
row-level security binds it, and a production start accepts it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests import services
from tests.core.ops.processes import output, pansuk, production, serve

ROLE = f"{services.PG_TEST_DB}_app"
BYPASSING_ROLE = f"{services.PG_TEST_DB}_app_bypass"


def _admin():
    return sa.create_engine(services.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module")
def fresh_database(owner_database_url):
    if not owner_database_url.startswith("postgresql"):
        if services.required():
            pytest.fail("PostgreSQL required")
        pytest.skip("needs PostgreSQL")
    name = f"{services.PG_TEST_DB}_setup"
    admin = _admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(owner_database_url).set(database=name)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        for role in (ROLE, BYPASSING_ROLE):
            try:
                conn.execute(sa.text(f'DROP ROLE IF EXISTS "{role}"'))
            except sa.exc.DBAPIError:
                pass  # still granted in another database of this server
    admin.dispose()


def _owner(url) -> str:
    return url.render_as_string(hide_password=False)


def _as(url, role: str, password: str) -> str:
    return url.set(username=role, password=password).render_as_string(hide_password=False)


def _setup(url, role: str, password: str):
    return pansuk(production(DATABASE_URL=_owner(url), APP_DB_ROLE=role, APP_DB_PASSWORD=password),
                  "setup-database")


def _attributes(role: str) -> tuple:
    engine = _admin()
    try:
        with engine.connect() as conn:
            return tuple(conn.execute(
                sa.text("SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :r"),
                {"r": role},
            ).one())
    finally:
        engine.dispose()


def test_init_migrates_makes_the_plain_role_and_can_run_again(app, fresh_database):
    first = _setup(fresh_database, ROLE, "first-password")
    assert first.returncode == 0, output(first)
    assert f"the application connects as {ROLE}" in first.stdout
    assert _attributes(ROLE) == (False, False, True)
    stored = _password_hash(ROLE)
    again = _setup(fresh_database, ROLE, "second-password")  # every `docker compose up`
    assert again.returncode == 0, output(again)
    engine = sa.create_engine(fresh_database)
    try:
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1
    finally:
        engine.dispose()
    # the password follows .env (this server trusts local connections, so the
    # stored verifier is compared, as the server would)
    assert stored and _password_hash(ROLE) != stored


def _password_hash(role: str) -> str | None:
    engine = _admin()
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": role})
    finally:
        engine.dispose()


def test_the_app_connects_as_the_role_and_row_level_security_binds_it(app, fresh_database):
    result = _setup(fresh_database, ROLE, "app-password")
    assert result.returncode == 0, output(result)
    app_url = _as(fresh_database, ROLE, "app-password")
    wall = pansuk(production(DATABASE_URL=app_url), "tenants", "check-wall")
    assert wall.returncode == 0, output(wall)
    assert "row-level security binds this role" in wall.stdout
    started = serve(production(DATABASE_URL=app_url, REDIS_URL=services.redis_url() or ""))
    assert started.returncode == 0, output(started)
    check = pansuk(production(DATABASE_URL=app_url, REDIS_URL=services.redis_url() or "",
                              TRUSTED_PROXY_HOPS="1", UPLOAD_MIN_FREE_MB="0"), "check")
    assert check.returncode == 0, output(check)
    assert "problem:" not in check.stdout
    # the owner is refused by the same production start
    owner = serve(production(DATABASE_URL=_owner(fresh_database)))
    assert owner.returncode == 4 and "superuser" in owner.stderr


def test_a_role_that_already_bypasses_row_level_security_is_brought_in_line(app, fresh_database):
    admin = _admin()
    with admin.connect() as conn:
        if conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": BYPASSING_ROLE}) is None:
            conn.execute(sa.text(f'CREATE ROLE "{BYPASSING_ROLE}" LOGIN BYPASSRLS'))
        else:
            conn.execute(sa.text(f'ALTER ROLE "{BYPASSING_ROLE}" BYPASSRLS'))
    admin.dispose()
    assert _attributes(BYPASSING_ROLE)[1] is True
    result = _setup(fresh_database, BYPASSING_ROLE, "pw")
    assert result.returncode == 0, output(result)
    assert _attributes(BYPASSING_ROLE) == (False, False, True)


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"APP_DB_PASSWORD": ""}, "APP_DB_PASSWORD is not set"),
        ({"APP_DB_ROLE": 'x"; DROP TABLE tenant; --'}, "APP_DB_ROLE must be a lower-case PostgreSQL name"),
        ({"DATABASE_URL": "postgresql://pansuk:x@127.0.0.1:9/pansuk"}, "cannot reach the database at 127.0.0.1:9"),
    ],
)
def test_bad_input_to_init_is_named_without_a_traceback(app, fresh_database, settings, expected):
    env = production(DATABASE_URL=_owner(fresh_database), APP_DB_ROLE=ROLE, APP_DB_PASSWORD="pw")
    env.update(settings)
    result = pansuk(env, "setup-database")
    assert result.returncode == 1, output(result)
    assert expected in result.stderr and "Traceback" not in output(result), output(result)


def test_the_app_role_cannot_run_init(app, fresh_database):
    assert _setup(fresh_database, ROLE, "app-password").returncode == 0
    env = production(DATABASE_URL=_as(fresh_database, ROLE, "app-password"), APP_DB_ROLE=ROLE,
                     APP_DB_PASSWORD="app-password")
    result = pansuk(env, "setup-database")
    assert result.returncode != 0 and "Traceback" not in output(result), output(result)
