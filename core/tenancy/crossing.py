"""The only reads that cross tenants, each a named function returning just
what its caller needs.

Row-level security (:mod:`core.tenancy.rls`) shows a transaction one tenant's
rows. A few questions are asked before a tenant is known, or about many
tenants at once:

- *whose is this secret?* — an API token's hash, a claim code's hash, a QR
  token, a coupon code or key id, a provider's payment reference:
  :func:`tenants_of` answers with tenant ids only. Only columns a model marks
  with ``info={"crossing_key": True}`` can be asked about (unique, secret or
  random values), so the function is no oracle for national ids or phones.
- *which tenants have work for a periodic task?* — :func:`tenants_having`
  answers with the ids of active tenants that have rows in a table whose
  model sets ``__crossing_fanout__`` (True, or a fixed SQL condition such as
  ``"status = 'active'"``); each tenant's task then runs bound to its tenant
  and applies the rest of its conditions (dates, for one).
- *which notifications are stuck?* — :func:`stuck_notifications`, ids only.
- *a network's counts* — :func:`member_counts`, aggregates of the bound
  network's member tenants, refused unless the network is the bound tenant.

On PostgreSQL each is a ``SECURITY DEFINER`` function owned by the schema
owner, generated from one SQL text per question by :func:`install_sql` (run by
:func:`core.tenancy.rls.enable_all`). On SQLite (no row-level security) the
same text runs directly. Nothing else in the application reads across
tenants, and no setting widens what these return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from core.db import UtcDateTime, db

TENANT_OF = "pansuk_tenants_of"
HAVING = "pansuk_tenants_having"
STUCK = "pansuk_stuck_notifications"
COUNTS = "pansuk_member_counts"
_FUNCTIONS = (
    f"{TENANT_OF}(text, text)",
    f"{HAVING}(text)",
    f"{STUCK}(timestamptz, timestamptz, integer)",
    f"{COUNTS}(bigint)",
)


# --- what may be asked --------------------------------------------------------


def crossing_keys(existing: set[str] | None = None) -> list[tuple[str, str]]:
    """``(table, column)`` pairs marked ``info={"crossing_key": True}``."""
    pairs = []
    for table in db.metadata.sorted_tables:
        if existing is not None and table.name not in existing:
            continue
        for column in table.columns:
            if column.info.get("crossing_key"):
                pairs.append((table.name, column.name))
    return sorted(pairs)


def fanout_tables(existing: set[str] | None = None) -> list[tuple[str, str]]:
    """``(table, condition)`` for models with ``__crossing_fanout__``: True, or
    a fixed SQL condition on the table's own columns (``"status = 'active'"``)."""
    found = {}
    for mapper in db.Model.registry.mappers:
        marker = getattr(mapper.class_, "__crossing_fanout__", False)
        if marker:
            found[mapper.local_table.name] = "TRUE" if marker is True else marker
    return sorted((n, c) for n, c in found.items() if existing is None or n in existing)


def _tenant_of_sql(pairs) -> str:
    branches = [
        f"SELECT tenant_id FROM {table} WHERE :p_key = '{table}.{column}' AND {column} = :p_value"
        for table, column in pairs
    ] or ["SELECT CAST(NULL AS BIGINT) WHERE FALSE"]
    return "\nUNION ALL\n".join(branches)


def _having_sql(tables) -> str:
    branches = [
        f"SELECT t.id FROM tenant t WHERE :p_table = '{name}' AND t.active"
        f" AND EXISTS (SELECT 1 FROM {name} x WHERE x.tenant_id = t.id AND ({condition}))"
        for name, condition in tables
    ] or ["SELECT CAST(NULL AS BIGINT) WHERE FALSE"]
    return "\nUNION ALL\n".join(branches)


_STUCK_SQL = """
SELECT id, tenant_id FROM notification
WHERE (status = 'pending' AND updated_at < :p_pending_before)
   OR (status = 'sending' AND claimed_at < :p_claimed_before)
ORDER BY id LIMIT :p_limit"""

# {guard}: on PostgreSQL the network must be the tenant bound to the transaction
_COUNTS_SQL = """
WITH RECURSIVE members(id) AS (
    SELECT id FROM tenant WHERE parent_id = :p_network
    UNION ALL
    SELECT t.id FROM tenant t JOIN members m ON t.parent_id = m.id
)
SELECT m.id AS tenant_id,
       (SELECT count(*) FROM village v WHERE v.tenant_id = m.id) AS villages,
       (SELECT count(*) FROM household h WHERE h.tenant_id = m.id) AS households,
       (SELECT count(*) FROM person p WHERE p.tenant_id = m.id) AS people
FROM members m WHERE TRUE {guard}"""


# --- PostgreSQL functions ------------------------------------------------------


def _pg_body(sql: str) -> str:
    return sql.replace(":p_", "p_")


def _definer(signature: str, returns: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION public.{signature} RETURNS {returns}\n"
        "LANGUAGE sql STABLE SECURITY DEFINER\n"
        "SET search_path = pg_catalog, public, pg_temp\n"
        f"AS $fn$\n{_pg_body(body)}\n$fn$"
    )


def install_sql(existing: set[str] | None = None) -> list[str]:
    """The functions, for the tables that exist now (a migration may run
    before later tables are made; the last one to call this sees them all)."""
    from core.tenancy.rls import BOUND_TENANT

    guard = f"AND :p_network = public.{BOUND_TENANT}()"
    statements = [f"DROP FUNCTION IF EXISTS public.{f}" for f in _FUNCTIONS]
    statements += [
        _definer(f"{TENANT_OF}(p_key text, p_value text)", "SETOF bigint", _tenant_of_sql(crossing_keys(existing))),
        _definer(f"{HAVING}(p_table text)", "SETOF bigint", _having_sql(fanout_tables(existing))),
        _definer(
            f"{STUCK}(p_pending_before timestamptz, p_claimed_before timestamptz, p_limit integer)",
            "TABLE (id bigint, tenant_id bigint)",
            _STUCK_SQL,
        ),
        _definer(
            f"{COUNTS}(p_network bigint)",
            "TABLE (tenant_id bigint, villages bigint, households bigint, people bigint)",
            _COUNTS_SQL.format(guard=guard),
        ),
    ]
    if existing is not None and not {"notification"} <= existing:
        statements = [s for s in statements if STUCK not in s or s.startswith("DROP")]
    if existing is not None and not {"village", "household", "person"} <= existing:
        statements = [s for s in statements if COUNTS not in s or s.startswith("DROP")]
    return statements


def drop_sql() -> list[str]:
    return [f"DROP FUNCTION IF EXISTS public.{f}" for f in _FUNCTIONS]


# --- the questions --------------------------------------------------------------


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def tenants_of(column, value: str) -> list[int]:
    """Ids of the tenants owning a row whose crossing-key ``column`` (a model
    attribute) equals ``value``."""
    table, name = column.class_.__table__.name, column.key
    if not column.property.columns[0].info.get("crossing_key"):
        raise ValueError(f"{table}.{name} is not a crossing key")
    params = {"p_key": f"{table}.{name}", "p_value": value}
    if _postgres():
        stmt = sa.text(f"SELECT * FROM public.{TENANT_OF}(:p_key, :p_value) AS t(tenant_id)")
    else:
        stmt = sa.text(_tenant_of_sql([(table, name)]))
    return sorted(set(db.session.scalars(stmt, params)))


def tenant_of(column, value: str) -> int | None:
    """The one tenant owning ``value``; None when no tenant or several do."""
    found = tenants_of(column, value)
    return found[0] if len(found) == 1 else None


def tenants_having(model) -> list[int]:
    """Active tenants with at least one row of ``model`` (a fan-out model)
    that meets the model's fixed fan-out condition."""
    name = model.__table__.name
    marker = getattr(model, "__crossing_fanout__", False)
    if not marker:
        raise ValueError(f"{name} is not a fan-out table")
    if _postgres():
        stmt = sa.text(f"SELECT * FROM public.{HAVING}(:p_table) AS t(id)")
    else:
        stmt = sa.text(_having_sql([(name, "TRUE" if marker is True else marker)]) + " ORDER BY 1")
    return sorted(db.session.scalars(stmt, {"p_table": name}))


def fan_out(model, task, *args) -> int:
    """One ``task`` (a Celery task taking a tenant id, then ``args``) per
    active tenant with rows of ``model`` (:func:`tenants_having`), queued once
    the read's transaction has ended, so no connection waits on the broker;
    how many."""
    tenant_ids = tenants_having(model)
    db.session.commit()
    for tenant_id in tenant_ids:
        task.delay(tenant_id, *args)
    return len(tenant_ids)


def stuck_notifications(pending_before: datetime, claimed_before: datetime, limit: int) -> list[tuple[int, int]]:
    params = {"p_pending_before": pending_before, "p_claimed_before": claimed_before, "p_limit": limit}
    if _postgres():
        stmt = sa.text(f"SELECT id, tenant_id FROM public.{STUCK}(:p_pending_before, :p_claimed_before, :p_limit)")
    else:
        stmt = sa.text(_STUCK_SQL)
    stmt = stmt.bindparams(
        sa.bindparam("p_pending_before", type_=UtcDateTime()),
        sa.bindparam("p_claimed_before", type_=UtcDateTime()),
    )
    return [(row.id, row.tenant_id) for row in db.session.execute(stmt, params)]


@dataclass(frozen=True)
class Counts:
    villages: int
    households: int
    people: int


def member_counts(network_id: int) -> dict[int, Counts]:
    """Registry counts of every member tenant below ``network_id``, which must
    be the tenant the transaction is bound to."""
    from core.tenancy.context import current_tenant_id

    if current_tenant_id() != network_id:
        raise PermissionError("member counts are read by the network itself")
    if _postgres():
        stmt = sa.text(f"SELECT * FROM public.{COUNTS}(:p_network)")
    else:
        stmt = sa.text(_COUNTS_SQL.format(guard=""))
    rows = db.session.execute(stmt, {"p_network": network_id})
    return {row.tenant_id: Counts(row.villages, row.households, row.people) for row in rows}
