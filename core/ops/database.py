"""The owner's set-up of a PostgreSQL database: migrations, the row-level
security binding key, and the plain role the application connects as.

Run by ``pansuk setup-database`` (the compose file's one-shot ``init``
service) with the owner's ``DATABASE_URL``; idempotent, so it runs again on
every deploy and after ``SECRET_KEY`` changes.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.tenancy import rls

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class SetupError(Exception):
    """Something the operator must fix; the message says what."""


def check_role_name(role: str) -> str:
    if not ROLE_NAME.match(role or ""):
        raise SetupError(f"APP_DB_ROLE must be a lower-case PostgreSQL name (letters, digits, _), not {role!r}")
    return role


def ensure_app_role(conn, role: str, password: str) -> None:
    """Create ``role`` or bring it in line: LOGIN with this password,
    NOSUPERUSER NOBYPASSRLS, the table privileges of ``grant_app_role``."""
    check_role_name(role)
    if conn.scalar(sa.text("SELECT current_user")) == role:
        raise SetupError(f"connected as {role}, the application's role: run this with the owner's DATABASE_URL")
    rls.grant_app_role(conn, role, password=password)
    quoted = "'" + password.replace("'", "''") + "'"
    conn.execute(sa.text(f'ALTER ROLE "{role}" WITH LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD {quoted}'))
    super_, bypass = conn.execute(
        sa.text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).one()
    if super_ or bypass:  # pragma: no cover - ALTER ROLE above either did it or failed
        raise SetupError(f"the role {role} still bypasses row-level security")
