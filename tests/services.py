"""Which real services the suite runs on.

``DATABASE_URL``/``REDIS_URL`` win; otherwise PostgreSQL and Redis on their
local defaults are used when reachable; otherwise SQLite and no Redis. With
``REQUIRE_SERVICES=1`` a missing service fails the run instead.
"""

from __future__ import annotations

import os
import socket
from functools import cache

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_TEST_DB = os.environ.get("PANSUK_TEST_DB", "pansuk_test")
# The app under test connects as this plain role (NOSUPERUSER NOBYPASSRLS),
# as production does; the suite's owner connection makes the schema.
APP_ROLE = "pansuk_app_test"
APP_PASSWORD = "pansuk-app-test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/15"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


@cache
def database_url(tmp_dir: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from core.config import _normalise_db_url

        return _normalise_db_url(url)
    if _reachable("127.0.0.1", 5432):
        _ensure_pg_database()
        return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_TEST_DB
    if required():
        raise RuntimeError("REQUIRE_SERVICES=1 but PostgreSQL is not reachable on 127.0.0.1:5432")
    return f"sqlite:///{tmp_dir}/pansuk-test.db"


def _ensure_pg_database() -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_TEST_DB})
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{PG_TEST_DB}"'))
    finally:
        engine.dispose()


def app_url(owner_url: str) -> str:
    """The same PostgreSQL database, reached as the plain application role."""
    from sqlalchemy.engine import make_url

    return make_url(owner_url).set(username=APP_ROLE, password=APP_PASSWORD).render_as_string(hide_password=False)


@cache
def redis_url() -> str | None:
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    if _reachable("127.0.0.1", 6379):
        return REDIS_DEFAULT
    if required():
        raise RuntimeError("REQUIRE_SERVICES=1 but Redis is not reachable on 127.0.0.1:6379")
    return None
