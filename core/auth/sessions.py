"""Log-in sessions that end on the server.

The session cookie is signed, not secret: a copy made before log-out is as good
as the original. So each log-in also gets a row in ``user_session`` and the
cookie carries a random key of that row (only its sha256 is stored). A request
is logged in only while

* the user's ``session_version`` in the cookie is the current one — a password
  change and "log out everywhere" bump it, ending every session at once (and
  they also mark every row revoked);
* the row is there, belongs to the user and is not revoked — log-out revokes
  the row of its own session only;
* the row was used within ``SESSION_IDLE_MINUTES`` and started less than
  ``SESSION_MAX_HOURS`` ago.

Anything else is an anonymous request: pages send the visitor to the log-in
page, the API answers 401.

``last_seen_at`` is written at most once a minute, after the response is made,
in its own short transaction (a GET request commits nothing).

A cookie naming a user but no live session key of that user's is anonymous
too: every log-in goes through :func:`start`, which sets both together.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, request, session

from core.auth import rules
from core.auth.models import User, UserSession
from core.db import db, utcnow

KEY = "_sid"
USER_KEY = "_user_id"  # flask-login's
TOUCH_RESOLUTION = timedelta(minutes=1)


def address() -> str:
    """The client's address as the trusted-proxy setting reports it."""
    return (request.remote_addr or "")[:45]


def limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (
        timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        timedelta(hours=config["SESSION_MAX_HOURS"]),
    )


def start(user_id: int, from_address: str, now: datetime | None = None) -> str:
    """A new session row (flushed); returns the key for the cookie."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user_id,
            key_hash=rules.sha256(key),
            created_at=now,
            last_seen_at=now,
            address=from_address[:45],
        )
    )
    db.session.flush()
    return key


def revoke(key: str | None, now: datetime | None = None) -> None:
    """End the session with this key (flushes)."""
    if not key:
        return
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.key_hash == rules.sha256(key), UserSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def revoke_all(user: User, now: datetime | None = None) -> int:
    """End every session of the user, cookies without a key included (flushes).
    Returns how many live sessions were ended."""
    user.session_version = (user.session_version or 1) + 1
    result = db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return result.rowcount or 0


def live_count(user_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    idle, absolute = limits()
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(UserSession)
            .where(
                UserSession.user_id == user_id,
                UserSession.revoked_at.is_(None),
                UserSession.last_seen_at > now - idle,
                UserSession.created_at > now - absolute,
            )
        )
        or 0
    )


def has_logged_in_from(user_id: int, from_address: str, since: datetime) -> bool:
    """Whether the user started a session from this address since ``since``."""
    if not from_address:
        return False
    return (
        db.session.scalar(
            sa.select(UserSession.id)
            .where(
                UserSession.user_id == user_id,
                UserSession.address == from_address,
                UserSession.created_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def purge(now: datetime, keep_days: int) -> int:
    """Forget sessions started more than ``keep_days`` ago (long dead, and no
    longer a known address for the log-in throttle). Returns how many."""
    result = db.session.execute(
        sa.delete(UserSession.__table__).where(
            UserSession.__table__.c.created_at < now - timedelta(days=keep_days)
        )
    )
    return result.rowcount or 0


# --- checking a request -----------------------------------------------------------


def key_hash() -> str | None:
    """The stored hash of the session key the request's cookie carries (none
    without a key)."""
    key = session.get(KEY)
    return rules.sha256(str(key)) if key else None


def by_key() -> sa.ColumnElement[bool] | None:
    """The condition picking the session row the request's cookie names (none
    without a key)."""
    hashed = key_hash()
    return UserSession.key_hash == hashed if hashed else None


def check(user: User, row: UserSession | None = None) -> bool:
    """Whether the current request's cookie names a live session of ``user``
    (``row``: that session's row, already read with the user)."""
    if row is None:
        named = by_key()
        if named is not None:
            row = db.session.scalar(sa.select(UserSession).where(named))
            if row is None:
                forget()
                return False
    if row is None or row.user_id != user.id:
        forget()
        return False
    now = utcnow()
    idle, absolute = limits()
    if not rules.session_alive(row.created_at, row.last_seen_at, row.revoked_at, now, idle, absolute):
        forget()
        return False
    if now - rules.aware(row.last_seen_at) >= TOUCH_RESOLUTION:
        g.pansuk_session_touch = (row.id, now)
    return True


def forget() -> None:
    """Drop the user and the session key from the cookie."""
    session.pop(USER_KEY, None)
    session.pop(KEY, None)
    session.pop("_fresh", None)


def write_after_response(response):
    """The write :func:`check` put off: the time a session was last used.
    Own transaction; never fails the response."""
    touch = g.pop("pansuk_session_touch", None)
    if touch is None:
        return response
    table = UserSession.__table__
    try:
        with db.engine.begin() as conn:
            row_id, now = touch
            conn.execute(table.update().where(table.c.id == row_id).values(last_seen_at=now))
    except sa.exc.SQLAlchemyError:
        current_app.logger.exception("could not record the session's use")
    return response
