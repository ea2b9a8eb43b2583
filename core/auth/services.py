"""Accounts: registering, logging in (with lockout), passwords, preferences.

Services flush and never commit; the caller's request commits once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from core.auth import rules
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
    message = N_("Too many failed log-ins. This account is locked until %(until)s.")


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
    max_failures: int,
    lock_minutes: int,
    now: datetime | None = None,
) -> User:
    """The user with this log-in and password. Wrong credentials raise one
    generic error; repeated failures lock the account for a while."""
    now = now or utcnow()
    try:
        login = rules.parse_login(login_text)
    except ValidationError:
        check_password_hash(_DUMMY_HASH, password or "")
        raise InvalidCredentials() from None
    user = find_user(login)
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password or "")
        raise InvalidCredentials()
    if rules.is_locked(user.locked_until, now):
        raise AccountLocked(until=user.locked_until)
    if not check_password_hash(user.password_hash, password or ""):
        locked_until = record_failure(user.id, now, max_failures, lock_minutes)
        if rules.is_locked(locked_until, now):
            raise AccountLocked(until=locked_until)
        raise InvalidCredentials()
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins = 0
        user.locked_until = None
        db.session.flush()
    return _acting_as(user)


def _acting_as(user: User) -> User:
    """From here the request acts as ``user``: bind them, so that row-level
    security shows their own memberships, and read those again."""
    set_user(user.id)
    db.session.expire(user, ["memberships"])
    return user


def record_failure(
    user_id: int, now: datetime, max_failures: int, lock_minutes: int
) -> datetime | None:
    """Count a failed log-in with one conditional UPDATE, so parallel wrong
    attempts are all counted and the one reaching the limit sets the lock. A
    lock that has run out starts a fresh count. Returns ``locked_until``."""
    expired = sa.and_(User.locked_until.is_not(None), User.locked_until <= now)
    count = sa.case((expired, 1), else_=User.failed_logins + 1)
    locked_until = sa.case(
        (count >= max_failures, rules.lock_until(now, lock_minutes)),
        (expired, None),
        else_=User.locked_until,
    )
    row = db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(failed_logins=count, locked_until=locked_until)
        .returning(User.failed_logins, User.locked_until)
        .execution_options(synchronize_session=False)
    ).one()
    db.session.expire_all()
    return row.locked_until


def change_password(user: User, current: str, new: str) -> None:
    """A new password; other sessions of the user stop working."""
    if not user.password_hash or not check_password_hash(user.password_hash, current or ""):
        raise ValidationError(N_("The current password is not correct"), field="current_password")
    check_password_strength(new, field="new_password")
    user.password_hash = hash_password(new)
    user.session_version = (user.session_version or 1) + 1
    db.session.flush()


def set_language(user: User, lang: str) -> None:
    from core.i18n.locale import SUPPORTED

    if lang not in SUPPORTED:
        raise ValidationError(N_("Please choose a language"), field="lang")
    user.lang = lang
    db.session.flush()
