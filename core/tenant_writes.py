"""A version per tenant that changes whenever one of its rows is written.

A page that shows many of a tenant's rows at once (the counts of what waits
for a person on the organisation's first page) can be kept by a worker under
this version (:func:`current`) and shown again until the version changes.

Every INSERT, UPDATE or DELETE on a table with a ``tenant_id`` column that
runs through the request's session (ORM flushes, ORM and Core statements,
and the one-statement writes on the session's connection alike) notes the
tenant in context (:func:`core.versions.note`); once the transaction commits
the tenant gets a new version in Redis, seen by every worker on its next
read. A write with no tenant in context (a command or a task that crosses
tenants), and a DML statement written as text, changes the version of every
tenant. A rolled-back transaction changes nothing. Writes made outside the
session (another engine, a database console) are not seen: what is kept by
this version must also expire on its own within seconds.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import has_app_context
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core import versions
from core.db import db
from core.tenancy.context import current_tenant_id

_PREFIX = "pansuk:writes:"
_DML = ("INSERT", "UPDATE", "DELETE")


def _tenant_key(tenant_id: int) -> str:
    return f"{_PREFIX}t{tenant_id}"


def _every_tenant_key() -> str:
    return f"{_PREFIX}all"


def current(tenant_id: int, session: Session) -> tuple[str, ...] | None:
    """The versions a copy of ``tenant_id``'s rows is kept under (one Redis
    round trip), or None: no Redis, or ``session`` has written something not
    yet committed."""
    return versions.read([_every_tenant_key(), _tenant_key(tenant_id)], session)


def _written(context: Any, statement: str) -> list[Any]:
    """The tables a statement writes: the DML statement's own and those of
    its data-modifying CTEs (a one-statement write is often a SELECT over
    them); ``True`` for a DML statement written as text."""
    compiled = context.compiled
    if compiled is None or isinstance(compiled.statement, sa.TextClause):
        return [True] if statement.lstrip()[:6].upper() in _DML else []
    found = [compiled.statement.table] if getattr(compiled.statement, "is_dml", False) else []
    for cte in getattr(compiled, "ctes", None) or ():
        if cte.element.is_dml:
            found.append(cte.element.table)
    return found


def _open_session() -> Session | None:
    """The session of the current app context, if one has begun."""
    if not has_app_context() or not db.session.registry.has():
        return None
    return db.session()


@sa.event.listens_for(Engine, "after_cursor_execute")
def _noticed(conn, cursor, statement, parameters, context, executemany) -> None:
    if context is None:
        return
    written = [t for t in _written(context, statement) if t is True or "tenant_id" in t.c]
    if not written:  # nothing written, or no tenant's row (users, log-in sessions: core.identity_cache)
        return
    session = _open_session()
    if session is None:
        return
    tenant_id = None if any(t is True for t in written) else current_tenant_id()  # text: any tenant's rows
    versions.note(session, _every_tenant_key() if tenant_id is None else _tenant_key(tenant_id))
