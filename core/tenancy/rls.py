"""The second wall between tenants: PostgreSQL row-level security.

Every table with a ``tenant_id`` column (but ``membership``, which a user reads
across tenants to choose one) gets a FORCEd policy: a row is visible and
writable only when the transaction's ``pansuk.tenant_id`` setting names its
tenant, or when the application deliberately reads across tenants
(``pansuk.unscoped``, set only inside ``core.tenancy.context.unscoped``). A
connection that sets neither sees nothing.

The application sets both per transaction, before the first statement that
needs them, from the tenant context (``before_cursor_execute``), and again when
the context changes inside a transaction or a savepoint rollback undoes it.

RLS binds roles without BYPASSRLS that are not superusers: production runs
the app as such a role (README: "The database role"); the test suite's
superuser is not bound, so a dedicated test switches to a plain role to
prove the wall holds on its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

POLICY = "pansuk_tenant_isolation"
NOT_BOUND = frozenset({"membership"})
_CONDITION = (
    "(tenant_id = NULLIF(current_setting('pansuk.tenant_id', true), '')::bigint"
    " OR current_setting('pansuk.unscoped', true) = 'on')"
)


def tenant_tables(conn) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT c.table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
            " WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'"
            " AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"
        )
    )
    return [name for (name,) in rows if name not in NOT_BOUND]


def enable_sql(table: str) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'CREATE POLICY {POLICY} ON "{table}" USING {_CONDITION} WITH CHECK {_CONDITION}',
    ]


def disable_sql(table: str) -> list[str]:
    return [
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
    ]


def enable_all(conn) -> list[str]:
    """Idempotent: (re)create the policy on every tenant table. Every migration
    that adds a tenant table ends by calling this."""
    if conn.dialect.name != "postgresql":
        return []
    tables = tenant_tables(conn)
    for table in tables:
        for statement in enable_sql(table):
            conn.execute(sa.text(statement))
    return tables


def unprotected_tables(conn) -> list[str]:
    """Tenant tables without the forced policy (empty when the wall is whole)."""
    protected = {
        name
        for (name,) in conn.execute(
            sa.text(
                "SELECT c.relname FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid"
                " WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.polname = :policy"
            ),
            {"policy": POLICY},
        )
    }
    return [t for t in tenant_tables(conn) if t not in protected]


# --- per-transaction settings ----------------------------------------------

_KEY = "pansuk_rls"
_CONTROL = ("ROLLBACK", "SAVEPOINT", "RELEASE", "COMMIT", "BEGIN")


def _wanted() -> tuple[str, str]:
    from core.tenancy.context import current_tenant_id, is_unscoped

    tenant_id = current_tenant_id()
    return ("" if tenant_id is None else str(tenant_id), "on" if is_unscoped() else "off")


@event.listens_for(Engine, "before_cursor_execute")
def _set_tenant_settings(conn, cursor, statement, parameters, context, executemany):
    if conn.dialect.name != "postgresql" or conn.info.get("pansuk_rls_off"):
        return
    wanted = _wanted()
    if conn.info.get(_KEY) == wanted or not conn.in_transaction():
        return
    if statement.lstrip()[:9].upper().startswith(_CONTROL):
        return  # e.g. ROLLBACK TO SAVEPOINT in an aborted transaction: set it after
    cursor.execute(
        "SELECT set_config('pansuk.tenant_id', %(t)s, true), set_config('pansuk.unscoped', %(u)s, true)",
        {"t": wanted[0], "u": wanted[1]},
    )
    conn.info[_KEY] = wanted


def _forget(conn, *args) -> None:
    conn.info.pop(_KEY, None)


for _name in ("begin", "commit", "rollback", "rollback_savepoint"):
    event.listen(Engine, _name, _forget)


def _forget_record(dbapi_connection, record) -> None:
    """A pool's reset rolls back below the engine's events: start afresh."""
    record.info.pop(_KEY, None)


def _forget_on_reset(dbapi_connection, record, reset_state) -> None:
    record.info.pop(_KEY, None)


event.listen(Pool, "checkin", _forget_record)
event.listen(Pool, "reset", _forget_on_reset)


@event.listens_for(Pool, "checkout")
def _forget_on_checkout(dbapi_connection, record, proxy) -> None:
    record.info.pop(_KEY, None)
