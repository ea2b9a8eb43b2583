"""How flask-login finds the user of a request: the session cookie names the
user, the user's session version and a server-side session that must still be
alive (``core.auth.sessions``).

The user, that session's row and the user's memberships are read in one
statement and kept by the worker until any of them changes
(:mod:`core.identity_cache`: a log-out, a revoked session, a role taken away
or a deactivated user takes effect on the next request in every worker). The
rules are applied to the kept rows on every request, so an idle or expired
session ends on time; a kept row's ``last_seen_at`` is at most the cache's few
seconds older than the database's, which only makes the idle limit stricter."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core import identity_cache
from core.db import db
from core.extensions import login_manager
from core.tenancy.context import set_user


@cache
def _user_statement() -> sa.Select:
    """The user, the session the cookie names and the user's memberships (what
    every permission check reads), in one statement; built once (the ids are
    bound parameters), as building it costs more than running it."""
    from core.auth.models import User, UserSession

    return (
        sa.select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == sa.bindparam("user_id"), UserSession.key_hash == sa.bindparam("key_hash"))
        .options(joinedload(User.memberships))
    )


@login_manager.user_loader
def load_user(user_key: str):
    from core.auth import sessions

    try:
        user_id, version = (int(p) for p in str(user_key).split(":", 1))
    except ValueError:
        sessions.forget()
        return None
    hashed = sessions.key_hash()
    if hashed is None:  # no session key: never logged in through start()
        sessions.forget()
        return None
    set_user(user_id)  # binds the user's own memberships (and sessions) before they load
    held = identity_cache.get(("session", user_id, hashed))
    if held is not None:
        user, row = held
    else:
        found = db.session.execute(_user_statement(), {"user_id": user_id, "key_hash": hashed}).unique().first()
        if found is None:
            sessions.forget()
            return None
        user, row = found
        identity_cache.put(("session", user_id, hashed), (user, row))
    if user.session_version != version or not user.active:
        sessions.forget()
        return None
    if not sessions.check(user, row):
        return None
    return user


def init_loader() -> None:
    login_manager.login_view = "auth.login_page"
    login_manager.login_message = None
