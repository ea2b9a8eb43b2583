"""The second wall between tenants: PostgreSQL row-level security that the
application's own database role cannot lift.

Every table with a ``tenant_id`` column has a FORCEd policy. A row is visible
and writable only for the tenant *bound* to the transaction, and a binding is a
claim plus a proof:

- ``pansuk.binding_claim`` = ``"<tenant_id>:<user_id>:<backend pid>"`` (either
  id may be empty), and
- ``pansuk.binding_proof`` = HMAC-SHA256 of the claim under the *binding key*.

The policies call :data:`BOUND_TENANT` (and ``membership`` also
:data:`BOUND_USER`), ``SECURITY DEFINER`` functions owned by the schema owner,
which recompute the HMAC with the key kept in ``pansuk_private.binding_key``,
a table in a schema the application's role has no privilege on. A claim whose
proof does not verify, or that names another backend, binds nothing: the
statement sees no rows. So a session of the application's role running
arbitrary SQL, setting any setting it likes, reaches only the tenant the
application bound (it holds that proof already) and no other: it cannot forge
a proof for tenant B, and a proof copied from elsewhere names another backend.

The application derives the same key from ``SECRET_KEY`` (:func:`binding_key`);
``pansuk db upgrade``, run as the owner with the same ``SECRET_KEY``, stores it
(:func:`store_key`). Rotating ``SECRET_KEY`` means running ``pansuk db upgrade``
again. There is no "all tenants" switch: the few reads that must cross
tenants (a token's tenant, a network's counts, which tenants have work for a
periodic task) are the named functions of :mod:`core.tenancy.crossing`, each
returning only what its caller needs.

Each policy wraps the function in a scalar subquery, so PostgreSQL evaluates
it once per statement (an InitPlan), not once per row. The schema owner is not
bound (the named functions run as the owner), so the application must never
connect as the owner: ``pansuk tenants check-wall`` and the test suite refuse
that (:func:`wall_problems`).

``membership`` rows are visible to the bound tenant and to the bound user (a
user lists their own memberships across tenants to pick one); they are written
only for the bound tenant.
"""

from __future__ import annotations

import hashlib
import hmac

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

POLICY = "pansuk_tenant_isolation"
PRIVATE = "pansuk_private"
BOUND_TENANT = "pansuk_bound_tenant"
BOUND_USER = "pansuk_bound_user"
USER_BOUND = frozenset({"membership"})  # tables whose rows the bound user also sees
_CLAIM = "pansuk.binding_claim"
_PROOF = "pansuk.binding_proof"


def binding_key(secret_key: str) -> bytes:
    """The key binding proofs are signed with, derived from ``SECRET_KEY``."""
    return hmac.new(secret_key.encode(), b"pansuk row-level security binding", hashlib.sha256).digest()


def claim_text(tenant_id: int | None, user_id: int | None, backend_pid: int) -> str:
    return f"{'' if tenant_id is None else tenant_id}:{'' if user_id is None else user_id}:{backend_pid}"


def proof(key: bytes, claim: str) -> str:
    return hmac.new(key, claim.encode(), hashlib.sha256).hexdigest()


# --- DDL ---------------------------------------------------------------------


def _pgcrypto_schema(conn) -> str:
    conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {PRIVATE}"))
    conn.execute(sa.text(f"REVOKE ALL ON SCHEMA {PRIVATE} FROM PUBLIC"))
    conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA {PRIVATE}"))
    return conn.scalar(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pgcrypto'"
        )
    )


def _bound_function(name: str, part: int, crypto: str) -> str:
    # PL/pgSQL, not SQL: a SECURITY DEFINER SQL function is never inlined and
    # plans its body again in every statement that calls it (about 0.1 ms for
    # each table a statement names); PL/pgSQL keeps its plan for the session.
    # The proof is compared before anything in the claim is cast, so a forged
    # claim ends as NULL (no rows), never as a cast error that reveals a thing.
    return f"""
CREATE OR REPLACE FUNCTION public.{name}() RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  claim text := NULLIF(current_setting('{_CLAIM}', true), '');
  given text := NULLIF(current_setting('{_PROOF}', true), '');
  secret bytea;
BEGIN
  IF claim IS NULL OR given IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT k.key INTO secret FROM {PRIVATE}.binding_key AS k WHERE k.id = 1;
  IF secret IS NULL
     OR given <> encode({crypto}.hmac(convert_to(claim, 'UTF8'), secret, 'sha256'), 'hex')
     OR split_part(claim, ':', 3) <> pg_backend_pid()::text THEN
    RETURN NULL;
  END IF;
  RETURN NULLIF(split_part(claim, ':', {part}), '')::bigint;
END
$fn$"""


def _condition(owner: str, table: str) -> tuple[str, str]:
    tenant = f"tenant_id = (SELECT public.{BOUND_TENANT}())"
    own = f"current_user = {_quote_literal(owner)}"
    using = f"({tenant} OR {own})"
    if table in USER_BOUND:
        using = f"({tenant} OR user_id = (SELECT public.{BOUND_USER}()) OR {own})"
    return using, f"({tenant} OR {own})"


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def tenant_tables(conn) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT c.table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
            " WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'"
            " AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"
        )
    )
    return [name for (name,) in rows]


def enable_sql(table: str, owner: str) -> list[str]:
    using, check = _condition(owner, table)
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'CREATE POLICY {POLICY} ON "{table}" USING {using} WITH CHECK {check}',
    ]


def disable_sql(table: str) -> list[str]:
    return [
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
    ]


def enable_all(conn) -> list[str]:
    """Idempotent, run as the schema owner: the private key table, the binding
    functions, the cross-tenant functions and the policy on every tenant table.
    Every migration that adds a tenant table ends by calling this."""
    if conn.dialect.name != "postgresql":
        return []
    from core.tenancy import crossing

    crypto = _pgcrypto_schema(conn)
    conn.execute(
        sa.text(
            f"CREATE TABLE IF NOT EXISTS {PRIVATE}.binding_key"
            " (id integer PRIMARY KEY CHECK (id = 1), key bytea NOT NULL)"
        )
    )
    conn.execute(sa.text(f"REVOKE ALL ON {PRIVATE}.binding_key FROM PUBLIC"))
    conn.execute(sa.text(_bound_function(BOUND_TENANT, 1, crypto)))
    conn.execute(sa.text(_bound_function(BOUND_USER, 2, crypto)))
    owner = conn.scalar(sa.text("SELECT current_user"))
    tables = tenant_tables(conn)
    for table in tables:
        for statement in enable_sql(table, owner):
            conn.execute(sa.text(statement))
    existing = set(sa.inspect(conn).get_table_names())
    for statement in crossing.install_sql(existing):
        conn.execute(sa.text(statement))
    return tables


def disable_all(conn) -> None:
    if conn.dialect.name != "postgresql":
        return
    from core.tenancy import crossing

    for table in tenant_tables(conn):
        for statement in disable_sql(table):
            conn.execute(sa.text(statement))
    for statement in crossing.drop_sql():
        conn.execute(sa.text(statement))
    for name in (BOUND_TENANT, BOUND_USER):
        conn.execute(sa.text(f"DROP FUNCTION IF EXISTS public.{name}()"))
    conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PRIVATE} CASCADE"))


def store_key(conn, key: bytes) -> None:
    """Keep the binding key where the policies read it (run as the owner)."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        sa.text(
            f"INSERT INTO {PRIVATE}.binding_key (id, key) VALUES (1, :key)"
            " ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key"
        ),
        {"key": key},
    )


def unprotected_tables(conn) -> list[str]:
    """Tenant tables without the forced policy bound to the verified
    binding (empty when the wall is whole)."""
    protected = {
        name
        for (name, qual) in conn.execute(
            sa.text(
                "SELECT c.relname, pg_get_expr(p.polqual, p.polrelid) FROM pg_class c"
                " JOIN pg_policy p ON p.polrelid = c.oid"
                " WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.polname = :policy"
            ),
            {"policy": POLICY},
        )
        if qual and BOUND_TENANT in qual and "current_setting" not in qual
    }
    return [t for t in tenant_tables(conn) if t not in protected]


def role_bypasses(conn) -> str | None:
    """Why the connected role is not bound by row-level security, or None."""
    if conn.dialect.name != "postgresql":
        return None
    row = conn.execute(
        sa.text(
            "SELECT r.rolsuper, r.rolbypassrls,"
            " EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema()"
            "         AND t.tablename = 'tenant' AND t.tableowner = current_user)"
            " FROM pg_roles r WHERE r.rolname = current_user"
        )
    ).one()
    if row[0]:
        return "superuser"
    if row[1]:
        return "BYPASSRLS"
    if row[2]:
        return "owner of the tables"
    return None


# --- per-transaction binding -------------------------------------------------

_KEY = "pansuk_rls"
_PID = "pansuk_backend_pid"
_CONTROL = ("ROLLBACK", "SAVEPOINT", "RELEASE", "COMMIT", "BEGIN")
_state: dict[str, bytes] = {}


def configure(secret_key: str) -> None:
    """Called by the app factory: proofs are signed with the key derived from
    this ``SECRET_KEY``."""
    _state["key"] = binding_key(secret_key)


def _wanted() -> tuple[int | None, int | None]:
    from core.tenancy.context import current_tenant_id, current_user_id

    return current_tenant_id(), current_user_id()


@event.listens_for(Engine, "before_cursor_execute")
def _bind(conn, cursor, statement, parameters, context, executemany):
    if conn.dialect.name != "postgresql":
        return
    wanted = _wanted()
    bound = conn.info.get(_KEY)
    if bound == wanted or not conn.in_transaction():
        return
    if bound is None and wanted == (None, None):
        # a fresh transaction binds nothing already (the settings are local
        # to a transaction): nothing to send
        conn.info[_KEY] = wanted
        return
    if statement.lstrip()[:9].upper().startswith(_CONTROL):
        return  # e.g. ROLLBACK TO SAVEPOINT in an aborted transaction: bind after it
    key = _state.get("key")
    pid = conn.info.get(_PID)  # kept with the pooled connection for its life
    if pid is None:
        cursor.execute("SELECT pg_backend_pid()")
        pid = conn.info[_PID] = cursor.fetchone()[0]
    claim = claim_text(*wanted, pid) if key is not None else ""
    cursor.execute(
        f"SELECT set_config('{_CLAIM}', %(c)s, true), set_config('{_PROOF}', %(p)s, true)",
        {"c": claim, "p": proof(key, claim) if key is not None else ""},
    )
    conn.info[_KEY] = wanted


def _forget(conn, *args) -> None:
    """A new transaction: nothing is bound yet."""
    conn.info.pop(_KEY, None)


def _unsure(conn, *args) -> None:
    """Back to a savepoint: the binding may be the one set before it or none;
    the next statement binds again whatever it wants."""
    conn.info[_KEY] = _UNSURE


_UNSURE = ("unsure",)

for _name in ("begin", "commit", "rollback"):
    event.listen(Engine, _name, _forget)
event.listen(Engine, "rollback_savepoint", _unsure)


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


# --- the application's role ----------------------------------------------------


def grant_app_role(conn, role: str, schema: str = "public", password: str | None = None) -> None:
    """Run as the owner: make ``role`` (created if missing, NOSUPERUSER
    NOBYPASSRLS) able to use the tables of ``schema`` and nothing outside it
    (not the private key table). Idempotent; safe when two runs race."""
    exists = conn.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    if not exists:  # roles are shared by the databases of a server: runs may race here
        login = f" PASSWORD {_quote_literal(password)}" if password is not None else ""
        try:
            with conn.begin_nested():
                conn.execute(sa.text(f'CREATE ROLE "{role}" LOGIN{login} NOSUPERUSER NOBYPASSRLS'))
        except sa.exc.DBAPIError:  # created meanwhile by another run
            pass
    for statement in (
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"',
        f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT USAGE ON SEQUENCES TO "{role}"',
    ):
        conn.execute(sa.text(statement))


def wall_problems(conn) -> list[str]:
    """What keeps row-level security from holding for the connected role:
    a role that bypasses it, tenant tables without the policy, or a binding
    the database does not accept (a key that differs from ``SECRET_KEY``'s:
    run ``pansuk db upgrade`` as the owner). Empty when the wall holds."""
    if conn.dialect.name != "postgresql":
        return ["SQLite has no row-level security: the application's filter is the only wall"]
    problems = []
    why = role_bypasses(conn)
    if why:
        problems.append(f"the database role {conn.scalar(sa.text('SELECT current_user'))} is {why}: "
                        "row-level security does not bind it; connect as a plain role")
    missing = unprotected_tables(conn)
    if missing:
        problems.append(f"tenant tables without the policy: {', '.join(missing)} (run pansuk db upgrade)")
    if conn.scalar(sa.text("SELECT to_regprocedure(:f)"), {"f": f"public.{BOUND_TENANT}()"}) is None:
        return [*problems, "the binding functions are missing (run pansuk db upgrade)"]
    from core.tenancy.context import tenant_context

    with conn.begin_nested(), tenant_context(-1):
        bound = conn.scalar(sa.text(f"SELECT public.{BOUND_TENANT}()"))
    if bound != -1:
        problems.append("the database does not accept this SECRET_KEY's tenant binding "
                        "(run pansuk db upgrade as the owner with the same SECRET_KEY)")
    return problems
