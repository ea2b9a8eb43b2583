"""Accounts: registering, logging in (with lockout), passwords, sessions, preferences.

Services flush and never commit; the caller's request commits once."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from core.auth import events, lockout, rules, sessions
from core.auth.models import User
from core.db import db, utcnow
from core.errors import N_, DomainError, ValidationError
from core.tenancy.context import set_user

# Checked against when the account does not exist, so both paths take as long.
_DUMMY_HASH = generate_password_hash("pansuk-timing-equaliser")


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401
    message = N_("The phone number, email or password is not correct")


class AccountLocked(DomainError):
    code = "account_locked"
    status = 403
    message = N_(
        "Too many failed log-ins from here. Log-in to this account from this device "
        "is suspended until %(until)s."
    )


class LoginThrottled(DomainError):
    code = "login_throttled"
    status = 429
    message = N_(
        "Many wrong passwords have been tried for this account. "
        "Please wait %(seconds)s seconds and try again."
    )


class DuplicateAccount(ValidationError):
    code = "duplicate_account"
    message = N_("An account with this phone number or email already exists")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password_strength(password: str, field: str = "password") -> None:
    if len(password or "") < rules.MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("The password must have at least %(n)s characters"),
            field=field,
            n=rules.MIN_PASSWORD_LENGTH,
        )


def find_user(login: rules.LoginId) -> User | None:
    if login.email:
        return db.session.scalar(sa.select(User).where(User.email == login.email))
    return db.session.scalar(sa.select(User).where(User.phone == login.phone))


def create_user(
    login: rules.LoginId, password: str, display_name: str, lang: str = "th", field: str = "login"
) -> User:
    """A new account; refuses a phone or email already in use."""
    check_password_strength(password)
    if find_user(login) is not None:
        raise DuplicateAccount(field=field)
    user = User(
        phone=login.phone,
        email=login.email,
        display_name=(display_name or "").strip(),
        password_hash=hash_password(password),
        lang=lang,
    )
    try:
        with db.session.begin_nested():  # a parallel registration of the same login
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        raise DuplicateAccount(field=field) from None
    return user


def register(login_text: str, password: str, display_name: str, lang: str = "th") -> User:
    if not (display_name or "").strip():
        raise ValidationError(N_("Please enter your name"), field="display_name")
    return create_user(rules.parse_login(login_text), password, display_name, lang)


def authenticate(
    login_text: str,
    password: str,
    *,
    address: str,
    policy: lockout.Policy,
    now: datetime | None = None,
) -> User:
    """The user with this log-in and password. Wrong credentials raise one
    generic error; guessing is locked per account and address and slowed per
    account (see ``core.auth.lockout``). Failures are flushed: the caller
    commits them even though the log-in failed."""
    now = now or utcnow()
    try:
        login = rules.parse_login(login_text)
    except ValidationError:
        check_password_hash(_DUMMY_HASH, password or "")
        raise InvalidCredentials() from None
    subject = lockout.subject_for(login)
    locked = lockout.locked_until(lockout.LOGIN, subject, address, now)
    if locked is not None:
        raise AccountLocked(until=locked)
    user = find_user(login)
    wait = lockout.locked_until(lockout.LOGIN_ACCOUNT, subject, "", now)
    if wait is not None and not _known_address(user, address, now):
        raise LoginThrottled(seconds=max(1, math.ceil((wait - now).total_seconds())))
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
    elif check_password_hash(user.password_hash, password or ""):
        lockout.login_succeeded(subject, address)
        return _acting_as(user)
    locked = lockout.login_failed(subject, address, now, policy)
    events.login_failed(user, login, address, locked_until=locked)
    if locked is not None:
        raise AccountLocked(until=locked)
    raise InvalidCredentials()


def _acting_as(user: User) -> User:
    """From here the request acts as ``user``: bind them, so that row-level
    security shows their own memberships, and read those again."""
    set_user(user.id)
    db.session.expire(user, ["memberships"])
    return user


def _known_address(user: User | None, address: str, now: datetime) -> bool:
    if user is None:
        return False
    since = now - timedelta(days=lockout.KNOWN_ADDRESS_DAYS)
    return sessions.has_logged_in_from(user.id, address, since)


def change_password(user: User, current: str, new: str, *, address: str = "") -> None:
    """A new password; every session of the user ends (the caller starts a
    new one for the device the change was made on)."""
    if not user.password_hash or not check_password_hash(user.password_hash, current or ""):
        raise ValidationError(N_("The current password is not correct"), field="current_password")
    check_password_strength(new, field="new_password")
    user.password_hash = hash_password(new)
    ended = sessions.revoke_all(user)
    events.password_changed(user, address, sessions_ended=ended)


def log_out_everywhere(user: User, *, address: str = "") -> int:
    """End every session of the user, on every device. Returns how many."""
    ended = sessions.revoke_all(user)
    events.logged_out_everywhere(user, address, sessions_ended=ended)
    return ended


def set_language(user: User, lang: str) -> None:
    from core.i18n.locale import SUPPORTED

    if lang not in SUPPORTED:
        raise ValidationError(N_("Please choose a language"), field="lang")
    user.lang = lang
    db.session.flush()
