"""The reviewed Alembic revisions build exactly the schema the models
declare (on the suite's database kind), the journal trigger included, and
downgrade cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests import services


@pytest.fixture
def fresh_url(owner_database_url, tmp_path):
    """A new empty database; migrations run as its owner, as in production."""
    if owner_database_url.startswith("postgresql"):
        name = f"{services.PG_TEST_DB}_migrations"
        admin = sa.create_engine(services.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        yield owner_database_url.rsplit("/", 1)[0] + "/" + name
    else:
        yield f"sqlite:///{tmp_path}/migrated.db"


def _run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def pansuk(url: str, *args: str) -> None:
    result = _run(url, *args)
    assert result.returncode == 0, result.stderr[-3000:]


def test_upgrade_builds_the_declared_schema_and_downgrade_removes_it(app, fresh_url):
    from core.db import db

    pansuk(fresh_url, "db", "upgrade")
    engine = sa.create_engine(fresh_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
            )
            assert diff == [], f"models and migrations differ: {diff}"
            if conn.dialect.name == "postgresql":
                triggers = set(
                    conn.scalars(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
                )
                assert {
                    "journal_entry_append_only",
                    "journal_line_append_only",
                    "chain_seal_append_only",
                    "audit_event_append_only",
                    "chain_head_only_grows",
                } <= triggers
                from core.tenancy import rls

                assert rls.unprotected_tables(conn) == [], (
                    "tenant tables without row-level security"
                )
                # the app's plain role, as the README makes it: the binding key
                # stored by `db upgrade` is accepted, and the role is bound
                rls.grant_app_role(conn, services.APP_ROLE, password=services.APP_PASSWORD)
                conn.commit()
                pansuk(services.app_url(fresh_url), "tenants", "check-wall")
                check = _run(fresh_url, "tenants", "check-wall")
                assert check.returncode == 1 and "superuser" in check.stderr, check.stderr
        pansuk(fresh_url, "db", "downgrade", "base")
        with engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
            assert left == set()
    finally:
        engine.dispose()
