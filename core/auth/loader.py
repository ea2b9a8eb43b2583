"""How flask-login finds the user of a request: the session cookie names the
user, the user's session version and a server-side session that must still be
alive (``core.auth.sessions``)."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

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
    found = db.session.execute(_user_statement(), {"user_id": user_id, "key_hash": hashed}).unique().first()
    if found is None:
        sessions.forget()
        return None
    user, row = found
    if user.session_version != version or not user.active:
        sessions.forget()
        return None
    if not sessions.check(user, row):
        return None
    return user


def init_loader() -> None:
    login_manager.login_view = "auth.login_page"
    login_manager.login_message = None
