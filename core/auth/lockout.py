"""Slowing down password guessing without handing anyone a way to lock others out.

Failures are counted on the server (``auth_failure``), never in the client's
cookie, by one atomic upsert each, so parallel attempts are all counted.

**Per account and address** (kind ``login``). ``LOGIN_MAX_FAILURES`` wrong
passwords for one account from one address lock that pair for
``LOGIN_LOCK_MINUTES``: from there even the right password is refused, without
being checked, until the lock runs out. The owner at any other address is not
affected, so strangers cannot lock the right person out. A failure after the
lock has run out, or an hour after the previous one, starts a new count; a
successful log-in clears the pair.

**Per account, from every address** (kind ``login_account``). After
``LOGIN_THROTTLE_AFTER`` wrong passwords in a row (no hour without one), each
further one makes the account wait 2, 4, 8… seconds, at most
``LOGIN_THROTTLE_MAX_SECONDS``, before any attempt is checked again. Guessing
one account from many addresses is thus held to one guess per wait (twelve an
hour with the default five minutes), whatever the number of addresses. The
wait is not a lock: it never grows past its cap, and it does not apply at an
address from which the account has logged in during the last
``KNOWN_ADDRESS_DAYS`` days (the session rows remember where each log-in came
from), so the owner at home or at the office gets in at once while the account
is under attack; at a new address the owner waits out at most one cap. (A
guesser who shares such an address, behind an office's NAT say, still meets
the lock of the pair there: five guesses per lock.) The
count fades only after an hour without failures: a success does not reset it,
or every log-in of the owner would give the guessers a fresh start.

The account is the normalised log-in (kept as a sha256), whether or not an
account exists: an unknown log-in is counted, locked and slowed like a real
one, so the answers do not tell which accounts exist.

**Claim codes** (kind ``claim``, per address): ``CLAIM_MAX_WRONG`` wrong codes
block the address for ``CLAIM_BLOCK_MINUTES``, whatever cookies the client
sends or drops.

The per-address rate limit of the log-in form (``core.security``) is a further
layer: it counts POSTs only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.auth import rules
from core.auth.models import AuthFailure
from core.db import db

LOGIN = "login"
LOGIN_ACCOUNT = "login_account"
CLAIM = "claim"
RESET = "reset"  # wrong password codes, per address
RESET_SEND = "reset_send"  # codes the "forgot password" page sent, per account
FAILURE_WINDOW = timedelta(hours=1)
KNOWN_ADDRESS_DAYS = 90


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5
    lock_minutes: int = 15
    throttle_after: int = 10
    throttle_max_seconds: int = 300

    @classmethod
    def from_config(cls, config) -> Policy:
        return cls(
            max_failures=config["LOGIN_MAX_FAILURES"],
            lock_minutes=config["LOGIN_LOCK_MINUTES"],
            throttle_after=config["LOGIN_THROTTLE_AFTER"],
            throttle_max_seconds=config["LOGIN_THROTTLE_MAX_SECONDS"],
        )


def subject_for(login: rules.LoginId) -> str:
    return rules.sha256(f"{login.phone or ''}|{login.email or ''}")


def _row(kind: str, subject: str, address: str) -> AuthFailure | None:
    return db.session.scalar(
        sa.select(AuthFailure).where(
            AuthFailure.kind == kind, AuthFailure.subject == subject, AuthFailure.address == address
        )
    )


def locked_until(kind: str, subject: str, address: str, now: datetime) -> datetime | None:
    """When the lock (or wait) on this key runs out, if it has not yet."""
    row = _row(kind, subject, address)
    if row is None or not rules.is_locked(row.locked_until, now):
        return None
    return rules.aware(row.locked_until)


def count_failure(
    kind: str, subject: str, address: str, now: datetime, *, restart_after_lock: bool
) -> tuple[int, int]:
    """Count one failure with one upsert; returns the row's id and count. The
    count starts again after an hour without failures and, with
    ``restart_after_lock``, once a lock has run out."""
    table = AuthFailure.__table__
    c = table.c
    stale = c.last_failed_at < now - FAILURE_WINDOW
    if restart_after_lock:
        stale = sa.or_(stale, sa.and_(c.locked_until.is_not(None), c.locked_until <= now))
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    statement = (
        insert.values(
            kind=kind, subject=subject, address=address, failures=1, last_failed_at=now
        )
        .on_conflict_do_update(
            index_elements=[c.kind, c.subject, c.address],
            set_={
                "failures": sa.case((stale, 1), else_=c.failures + 1),
                "locked_until": sa.case((stale, None), else_=c.locked_until),
                "last_failed_at": now,
            },
        )
        .returning(c.id, c.failures)
    )
    row = db.session.execute(statement).one()
    return row.id, row.failures


def lock(row_id: int, until: datetime) -> None:
    """Lock a key until ``until`` (a later lock already there is kept)."""
    c = AuthFailure.__table__.c
    db.session.execute(
        sa.update(AuthFailure.__table__)
        .where(c.id == row_id, sa.or_(c.locked_until.is_(None), c.locked_until < until))
        .values(locked_until=until)
    )


def clear(kind: str, subject: str, address: str) -> None:
    c = AuthFailure.__table__.c
    db.session.execute(
        sa.delete(AuthFailure.__table__).where(
            c.kind == kind, c.subject == subject, c.address == address
        )
    )


# --- log-in -------------------------------------------------------------------------


def login_failed(
    subject: str, address: str, now: datetime, policy: Policy
) -> datetime | None:
    """Count a wrong password for the account from this address; returns when
    the pair is now locked until, if this failure locked it."""
    _id, failures = count_failure(LOGIN_ACCOUNT, subject, "", now, restart_after_lock=False)
    delay = rules.throttle_delay(failures, policy.throttle_after, policy.throttle_max_seconds)
    if delay is not None:
        lock(_id, now + delay)
    pair_id, pair_failures = count_failure(LOGIN, subject, address, now, restart_after_lock=True)
    if pair_failures >= policy.max_failures:
        until = rules.lock_until(now, policy.lock_minutes)
        lock(pair_id, until)
        return until
    return None


def login_succeeded(subject: str, address: str) -> None:
    clear(LOGIN, subject, address)


# --- claim codes --------------------------------------------------------------------


def claim_blocked_until(address: str, now: datetime) -> datetime | None:
    return locked_until(CLAIM, "", address, now)


def claim_failed(address: str, now: datetime) -> datetime | None:
    """Count a wrong claim code from this address; returns the block's end if
    this one started it."""
    row_id, failures = count_failure(CLAIM, "", address, now, restart_after_lock=True)
    if failures >= rules.CLAIM_MAX_WRONG:
        until = rules.lock_until(now, rules.CLAIM_BLOCK_MINUTES)
        lock(row_id, until)
        return until
    return None


# --- password codes -----------------------------------------------------------------


def reset_blocked_until(address: str, now: datetime) -> datetime | None:
    return locked_until(RESET, "", address, now)


def reset_failed(address: str, now: datetime) -> datetime | None:
    """Count a wrong password code from this address; returns the block's
    end if this one started it."""
    row_id, failures = count_failure(RESET, "", address, now, restart_after_lock=True)
    if failures >= rules.RESET_MAX_WRONG_ADDRESS:
        until = rules.lock_until(now, rules.RESET_BLOCK_MINUTES)
        lock(row_id, until)
        return until
    return None


def reset_send_allowed(subject: str, now: datetime) -> bool:
    """Count one code sent by the "forgot password" page to this account
    (one atomic upsert); False past ``RESET_SENDS_PER_HOUR`` in an hour."""
    _id, sent = count_failure(RESET_SEND, subject, "", now, restart_after_lock=False)
    return sent <= rules.RESET_SENDS_PER_HOUR


# --- housekeeping -------------------------------------------------------------------


def purge(now: datetime) -> int:
    """Forget counts that no longer matter: no failure for a day and no lock
    still running. Returns how many rows went."""
    c = AuthFailure.__table__.c
    result = db.session.execute(
        sa.delete(AuthFailure.__table__).where(
            c.last_failed_at < now - timedelta(days=1),
            sa.or_(c.locked_until.is_(None), c.locked_until < now),
        )
    )
    return result.rowcount or 0
