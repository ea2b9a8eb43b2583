"""Accounts made and ended by someone else: the server's operator at the
command line (``pansuk users …``) or a network's administrator naming a
council's administrator. A new account has no password: its owner sets one
with a one-time code (``core.auth.password_codes``), so nobody else ever
knows it. Services flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.auth import events, password_codes, rules, sessions
from core.auth.models import User
from core.auth.services import DuplicateAccount, find_user
from core.db import db
from core.errors import N_, NotFound, ValidationError


class UnknownAccount(NotFound):
    code = "unknown_account"
    message = N_("No account has this phone number or email")


def account(login_text: str, field: str = "login") -> User:
    """The account with this log-in, or UnknownAccount."""
    user = find_user(rules.parse_login(login_text, field=field))
    if user is None:
        raise UnknownAccount(field=field)
    return user


def create_account(login_text: str, display_name: str, *, lang: str = "th", field: str = "login") -> User:
    """A new account without a password (its owner sets one with a code)."""
    login = rules.parse_login(login_text, field=field)
    name = (display_name or "").strip()
    if not name:
        raise ValidationError(N_("Please enter the person's name"), field="display_name")
    if len(name) > 200:
        raise ValidationError(N_("The name is too long"), field="display_name")
    if lang not in ("th", "en"):
        raise ValidationError(N_("Please choose a language"), field="lang")
    if find_user(login) is not None:
        raise DuplicateAccount(field=field)
    user = User(phone=login.phone, email=login.email, display_name=name, password_hash=None, lang=lang)
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        raise DuplicateAccount(field=field) from None
    return user


def invite(user: User, *, issued_by: int | None = None, tenant_id: int | None = None, channel: str = "cli"):
    """A code to set the first password (or a new one): ``(row, code)``."""
    purpose = "set" if not user.password_hash else "reset"
    return password_codes.issue(user, purpose=purpose, channel=channel, issued_by=issued_by, tenant_id=tenant_id)


def find_or_create(login_text: str, display_name: str, *, field: str = "login") -> tuple[User, bool]:
    """The account with this log-in, or a new one (then True)."""
    user = find_user(rules.parse_login(login_text, field=field))
    if user is not None:
        return user, False
    return create_account(login_text, display_name, field=field), True


def deactivate(user: User) -> int:
    """The account can no longer log in: every session ends and every live
    code is withdrawn. Returns how many sessions ended."""
    user.active = False
    password_codes.withdraw(user.id)
    ended = sessions.revoke_all(user)
    events.account_deactivated(user, sessions_ended=ended)
    return ended


def reactivate(user: User) -> None:
    user.active = True
    db.session.flush()


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0
