"""Versions in Redis that tell every worker that something it caches changed.

A per-worker cache (:class:`Entries`) files each entry under the versions of
what it depends on (:func:`read`, one ``MGET``). A write notes the keys it
changes in its session (:func:`note`); once the transaction commits they
get new random versions, which every gunicorn worker and Celery process sees
on its next read. A rolled-back transaction changes nothing. Without
``REDIS_URL``, or while Redis is unreachable, :func:`read` gives None and
callers read the database; entries also expire on their own after a few
seconds, should a version ever be lost (a write made without Redis)."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

VERSION_TTL_SECONDS = 7 * 24 * 3600  # an unused version key goes away (a new one is made)
_PENDING = "versions_pending"  # session.info: what this transaction changed


def client():
    """The app's Redis client for versions, or None (no ``REDIS_URL``)."""
    if not has_app_context():
        return None
    state = current_app.extensions.setdefault("versions", {})
    if "client" not in state:
        url = current_app.config.get("REDIS_URL")
        found = None
        if url:
            import redis

            found = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        state["client"] = found
    return state["client"]


class Entries:
    """One worker's entries of one cache: each kept under its key (which
    names the versions it was read at) until it expires; at most ``limit``
    (what expired goes first, then everything)."""

    def __init__(self, ttl: float, limit: int) -> None:
        self.ttl, self.limit = ttl, limit
        self.held: dict[tuple, tuple[float, Any]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Any | None:
        found = self.held.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            now = time.monotonic()
            if len(self.held) >= self.limit:
                for old in [k for k, (until, _) in self.held.items() if until < now]:
                    self.held.pop(old, None)
                if len(self.held) >= self.limit:
                    self.held.clear()
            self.held[key] = (now + self.ttl, value)

    def clear(self) -> None:
        self.held.clear()


def entries(name: str, ttl: float, limit: int) -> Entries:
    """This worker's entries of the cache ``name`` (kept on the app)."""
    state = current_app.extensions.setdefault(name, {})
    found = state.get("entries")
    if found is None:
        found = state.setdefault("entries", Entries(ttl, limit))
    return found


def _decoded(values) -> tuple[str, ...]:
    return tuple(v.decode() if isinstance(v, bytes) else str(v) for v in values)


def read(keys: list[str], session: Session | None = None) -> tuple[str, ...] | None:
    """The current version of each key (a missing key gets a new one, kept if
    no other process made one first); None without Redis, when Redis is
    unreachable, or when ``session`` has changed something not yet committed
    (what it would cache could be its own uncommitted write)."""
    redis = client()
    if redis is None or (session is not None and session.info.get(_PENDING)):
        return None
    try:
        values = redis.mget(keys)
        if all(v is not None for v in values):
            return _decoded(values)
        pipe = redis.pipeline(transaction=False)
        for key, value in zip(keys, values, strict=True):
            if value is None:
                pipe.set(key, secrets.token_hex(8), nx=True, ex=VERSION_TTL_SECONDS)
        pipe.mget(keys)
        return _decoded(pipe.execute()[-1])
    except Exception:  # noqa: BLE001 - Redis away: the caller reads the database
        log.warning("versions: Redis unreachable, reading the database", exc_info=True)
        return None


def note(session: Session, key: str) -> None:
    """``key`` changes when ``session``'s transaction commits."""
    session.info.setdefault(_PENDING, set()).add(key)


def pending(session: Session) -> set[str]:
    """The keys ``session``'s transaction has changed so far."""
    return set(session.info.get(_PENDING, ()))


def bump(keys: set[str]) -> None:
    """New versions for ``keys`` now."""
    redis = client()
    if redis is None or not keys:
        return
    try:
        pipe = redis.pipeline(transaction=False)
        for key in keys:
            pipe.set(key, secrets.token_hex(8), ex=VERSION_TTL_SECONDS)
        pipe.execute()
    except Exception:  # noqa: BLE001 - entries expire on their own
        log.warning("versions: could not record a change in Redis", exc_info=True)


@sa.event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: others see nothing until the end
        return
    keys = session.info.pop(_PENDING, None)
    if keys:
        bump(keys)


@sa.event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    if session.in_nested_transaction():  # what came before the savepoint may still commit
        return
    session.info.pop(_PENDING, None)
