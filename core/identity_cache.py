"""Per-worker copies of the rows that say who asks and where: the tenant a
URL's slug names, an API token with its user and the user's memberships, and
a logged-in user with the session their cookie names and their memberships.
Every request needs them before anything else; read from the database they
cost two statements a request.

An entry is filed under one version in Redis (:mod:`core.versions`). Any
write to a tenant, a user, a membership, a token or a log-in session (seen
by the session's flush, or an ORM bulk statement on those tables) gives it a
new version once the transaction commits, so a token revoked, a log-in
session ended, a user deactivated, a role taken away or a tenant switched
off takes effect on the very next request in every worker. Entries also
expire after a few seconds, should a version ever be lost. Only what was
found is kept: a refused token or an unknown slug is read again each time.
Without Redis nothing is kept.

An entry is the rows' column values (and their loaded memberships), never an
instance of a session: a request gets its own instances, added to its
session as rows it already holds, without a query; so nothing a request does
to them reaches the next one."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import InstanceState, Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from core import versions
from core.auth.models import ApiToken, User, UserSession
from core.db import db
from core.tenancy.models import Membership, Tenant

TTL_SECONDS = 5.0  # the backstop: an entry is never older than this
MAX_ENTRIES = 10_000
_KEY = "pansuk:identity"
_WATCHED = (Tenant, User, Membership, ApiToken, UserSession)
_UNREAD = object()
_MEMO = "pansuk.identity_version"


_Row = tuple[type, dict[str, Any], dict[str, list[Any]]]


def _own(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, list | dict) else value


def _copy(obj: Any) -> _Row:
    """What is loaded of ``obj``: its columns, and its loaded collections of
    rows this cache watches (a user's memberships)."""
    state = sa.inspect(obj)
    columns = {  # a JSON list or dict copied: the request that read it may change it in place
        attr.key: _own(state.dict[attr.key]) for attr in state.mapper.column_attrs if attr.key in state.dict
    }
    collections = {
        rel.key: [_copy(child) for child in state.dict[rel.key]]
        for rel in state.mapper.relationships
        if rel.uselist and rel.key in state.dict and issubclass(rel.mapper.class_, _WATCHED)
    }
    return type(obj), columns, collections


def _restore(session: Session, row: _Row) -> Any:
    """A new instance of ``row`` in ``session``, as if read from the database
    (the one the session holds, if it holds that row already)."""
    cls, columns, collections = row
    obj: Any = sa.inspect(cls).class_manager.new_instance()
    # as a load fills an instance: the values in its dict, no change history;
    # a JSON list or dict is the request's own
    obj.__dict__.update({key: _own(value) for key, value in columns.items()})
    make_transient_to_detached(obj)
    key = sa.inspect(obj).key
    held = session.identity_map.get(key)
    if held is not None:
        return held
    for name, children in collections.items():
        set_committed_value(obj, name, [_restore(session, child) for child in children])
    session.add(obj)
    return obj


def _entries() -> versions.Entries:
    return versions.entries("identity_cache", TTL_SECONDS, MAX_ENTRIES)


def clear_local() -> None:
    """Forget this worker's entries (Redis keeps the version)."""
    _entries().clear()


def current_version() -> str | None:
    """The version, read from Redis once per request (None without Redis)."""
    memo = request.environ if has_request_context() else {}
    known = memo.get(_MEMO, _UNREAD)
    if known is not _UNREAD:
        return known
    found = versions.read([_KEY], db.session())
    version = found[0] if found else None
    memo[_MEMO] = version
    return version


def get(key: tuple) -> tuple[Any, ...] | None:
    """The rows kept under ``key``, merged into this request's session, or
    None (not kept, expired, changed since, or no Redis)."""
    version = current_version()
    if version is None:
        return None
    kept = _entries().get((*key, version))
    if kept is None:
        return None
    session = db.session()
    return tuple(_restore(session, row) for row in kept)


def put(key: tuple, rows: tuple[Any, ...]) -> None:
    """Keep a copy of ``rows`` (as loaded now) under ``key``."""
    version = current_version()
    if version is None:
        return
    _entries().put((*key, version), tuple(_copy(row) for row in rows))


# --- through a rollback ------------------------------------------------------------------


@contextmanager
def kept_through_rollback(session: Session) -> Iterator[None]:
    """What is loaded of the rows that say who asks and where (the user, their
    memberships, the tenant), put back after the rollback inside the block,
    when this transaction changed none of them: the error page that follows
    a refusal shows the user, their language and the tenant without reading
    them again (a rollback expires every row a session holds)."""
    if _KEY in versions.pending(session):
        yield
        return
    held = []
    for obj in list(session.identity_map.values()):
        if not isinstance(obj, _WATCHED):
            continue
        state: InstanceState[Any] = sa.inspect(obj)
        if state.modified or state.expired_attributes:
            continue
        columns = {attr.key: state.dict[attr.key] for attr in state.mapper.column_attrs if attr.key in state.dict}
        collections = {
            rel.key: list(state.dict[rel.key])
            for rel in state.mapper.relationships
            if rel.uselist and rel.key in state.dict and issubclass(rel.mapper.class_, _WATCHED)
        }
        held.append((obj, columns, collections))
    yield
    for obj, columns, collections in held:
        restored: InstanceState[Any] = sa.inspect(obj)
        if restored.session is not session:
            continue
        for key, value in (*columns.items(), *collections.items()):
            set_committed_value(obj, key, value)


# --- noticing writes -------------------------------------------------------------------


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            versions.note(session, _KEY)
            return


@sa.event.listens_for(Session, "do_orm_execute")
def _bulk_statement(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, _WATCHED):
        versions.note(state.session, _KEY)
