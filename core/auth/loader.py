"""How flask-login finds the user of a request: the session cookie names the
user, the user's session version and a server-side session that must still be
alive (``core.auth.sessions``)."""

from __future__ import annotations

from core.db import db
from core.extensions import login_manager
from core.tenancy.context import set_user


@login_manager.user_loader
def load_user(user_key: str):
    from core.auth import sessions
    from core.auth.models import User

    try:
        user_id, version = (int(p) for p in str(user_key).split(":", 1))
    except ValueError:
        sessions.forget()
        return None
    set_user(user_id)  # binds the user's own memberships before they load
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.active:
        sessions.forget()
        return None
    if not sessions.check(user):
        return None
    return user


def init_loader() -> None:
    login_manager.login_view = "auth.login_page"
    login_manager.login_message = None
