"""One-time codes that set a new password, for people who cannot receive a
reset email: staff print or read out a code, or it goes by SMS or LINE; the
operator's command line prints one for a new account.

Only an HMAC of the code under a key derived from ``SECRET_KEY`` is stored
(a code has 40 bits: a plain hash of one could be reversed by trying them
all). A new code for an account withdraws the account's earlier live codes.
A code is spent with one conditional ``UPDATE … WHERE used_at IS NULL``, so
it works once even when typed twice at the same moment. Wrong codes typed
for an account are counted on its live code, which stops working after
``RESET_MAX_WRONG`` of them; wrong codes from one address block the address
(``core.auth.lockout``); the page has a rate limit too (``core.security``).

Setting the password ends every session of the account (``sessions.revoke_all``)
and is recorded in the audit log of each organisation the person works in.

Services flush, never commit."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import NoReturn, cast

import sqlalchemy as sa
from flask import current_app

from core.auth import events, lockout, rules, sessions
from core.auth.models import PasswordCode, User
from core.auth.services import check_password_strength, find_user, hash_password
from core.db import db, utcnow
from core.errors import N_, DomainError, ValidationError

PURPOSES = ("reset", "set")
CHANNELS = ("print", "sms", "line", "email", "cli")


class WrongCode(ValidationError):
    code = "reset_code_wrong"
    message = N_(
        "This code is not correct for this phone number or email, or it is no longer valid. "
        "Please check both, or ask for a new code."
    )


class CodeUsed(ValidationError):
    code = "reset_code_used"
    message = N_("This code has already been used. Please ask for a new one.")


class CodeExpired(ValidationError):
    code = "reset_code_expired"
    message = N_("This code has expired. Please ask for a new one.")


class ResetBlocked(DomainError):
    code = "reset_blocked"
    status = 429
    message = N_("Too many wrong codes. Please try again after %(until)s.")


def code_hash(code: str) -> str:
    key = hmac.new(
        current_app.config["SECRET_KEY"].encode(), b"pansuk password codes", hashlib.sha256
    ).digest()
    return hmac.new(key, rules.clean_claim_code(code).encode(), hashlib.sha256).hexdigest()


def _live(user_id: int, now: datetime):
    return sa.and_(
        PasswordCode.user_id == user_id,
        PasswordCode.used_at.is_(None),
        PasswordCode.expires_at > now,
        PasswordCode.wrong_attempts < rules.RESET_MAX_WRONG,
    )


def issue(
    user: User,
    *,
    purpose: str = "reset",
    channel: str = "print",
    issued_by: int | None = None,
    tenant_id: int | None = None,
    now: datetime | None = None,
) -> tuple[PasswordCode, str]:
    """A new code for ``user``; the account's earlier live codes stop
    working. Returns the row and the plain code, shown or sent once and never
    stored."""
    if purpose not in PURPOSES or channel not in CHANNELS:
        raise ValueError(f"unknown purpose or channel: {purpose!r}, {channel!r}")
    now = now or utcnow()
    withdraw(user.id, now)
    code = rules.new_reset_code()
    row = PasswordCode(
        user_id=user.id,
        code_hash=code_hash(code),
        purpose=purpose,
        channel=channel,
        issued_by_user_id=issued_by,
        issued_in=tenant_id,
        created_at=now,
        expires_at=rules.reset_expiry(now, sent=channel in ("email", "sms", "line")),
    )
    db.session.add(row)
    db.session.flush()
    events.reset_code_issued(user, issued_by=issued_by, tenant_id=tenant_id, channel=channel, purpose=purpose)
    return row, code


def withdraw(user_id: int, now: datetime | None = None) -> int:
    """Every live code of the account stops working. Returns how many."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(PasswordCode)
        .where(_live(user_id, now))
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    return cast(sa.CursorResult, result).rowcount or 0


def redeem(
    login_text: str, code: str, new_password: str, *, address: str, now: datetime | None = None
) -> User:
    """Spend the code and set the new password. Every session of the account
    ends. A wrong code is counted (caller commits the count even though the
    reset failed) and raises WrongCode; the same message whether or not the
    account exists."""
    now = now or utcnow()
    blocked = lockout.reset_blocked_until(address, now)
    if blocked is not None:
        raise ResetBlocked(until=blocked)
    check_password_strength(new_password, field="password")
    login = rules.parse_login(login_text, field="login")
    user = find_user(login)
    digest = code_hash(code)
    if user is None or not user.active:
        _wrong(None, address, now)
    spent = db.session.execute(
        sa.update(PasswordCode)
        .where(_live(user.id, now), PasswordCode.code_hash == digest)
        .values(used_at=now)
        .returning(PasswordCode.id, PasswordCode.purpose)
        .execution_options(synchronize_session=False)
    ).first()
    if spent is None:
        _explain_refusal(user, digest, address, now)
    user.password_hash = hash_password(new_password)
    withdraw(user.id, now)
    ended = sessions.revoke_all(user, now)
    events.password_reset(user, address, purpose=spent.purpose, sessions_ended=ended)
    return user


def _explain_refusal(user: User, digest: str, address: str, now: datetime) -> NoReturn:
    """A code this account really had, now spent or run out, is said so;
    anything else counts as a wrong code."""
    row = db.session.scalar(
        sa.select(PasswordCode)
        .where(PasswordCode.user_id == user.id, PasswordCode.code_hash == digest)
        .order_by(PasswordCode.id.desc())
        .limit(1)
    )
    if row is not None and row.wrong_attempts < rules.RESET_MAX_WRONG:
        if row.used_at is not None:
            raise CodeUsed(field="code")
        if rules.is_expired(row.expires_at, now):
            raise CodeExpired(field="code")
    _wrong(user, address, now)


def _wrong(user: User | None, address: str, now: datetime) -> NoReturn:
    if user is not None:
        db.session.execute(
            sa.update(PasswordCode)
            .where(_live(user.id, now))
            .values(wrong_attempts=PasswordCode.wrong_attempts + 1)
            .execution_options(synchronize_session=False)
        )
    lockout.reset_failed(address, now)
    db.session.flush()
    raise WrongCode(field="code")


def live_code(user_id: int, now: datetime | None = None) -> PasswordCode | None:
    """The account's live code, if any (for pages and tests; never the code)."""
    return db.session.scalar(sa.select(PasswordCode).where(_live(user_id, now or utcnow())))
