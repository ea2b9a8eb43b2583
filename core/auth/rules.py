"""Pure rules of accounts and log-in: what counts as a phone or an email, when
an account is locked, what a claim code or an API token looks like. No I/O."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from core.errors import N_, ValidationError

MIN_PASSWORD_LENGTH = 8
CLAIM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CLAIM_CODE_LENGTH = 8
CLAIM_VALID_DAYS = 14
CLAIM_MAX_WRONG = 10
CLAIM_BLOCK_MINUTES = 15
TOKEN_PREFIX = "psk_"
# One-time password codes (core.auth.password_codes)
RESET_CODE_LENGTH = 8  # same alphabet as claim codes: read out or typed from paper
RESET_VALID_MINUTES_SENT = 30  # asked for by the person, sent to their email or phone
RESET_VALID_HOURS_GIVEN = 72  # issued by staff or the operator, printed or read out
RESET_MAX_WRONG = 5  # wrong codes typed for one account withdraw its live code
RESET_MAX_WRONG_ADDRESS = 10  # wrong codes from one address block it ...
RESET_BLOCK_MINUTES = 15  # ... this long
RESET_SENDS_PER_HOUR = 3  # codes the "forgot password" page sends to one account


@dataclass(frozen=True)
class LoginId:
    """A normalised log-in: exactly one of ``phone`` (E.164) or ``email``."""

    phone: str | None = None
    email: str | None = None


def normalise_phone(value: str) -> str | None:
    """A Thai (or international) phone in any common format as E.164, or None."""
    raw = (value or "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits:
        return None
    if not raw.startswith("+") and digits.startswith("66") and len(digits) in (10, 11):
        raw = "+" + digits  # "66 81 234 5678": country code without the plus
    try:
        number = phonenumbers.parse(raw, "TH")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: str, *, check_deliverability: bool = False) -> str | None:
    try:
        result = validate_email((value or "").strip(), check_deliverability=check_deliverability)
    except EmailNotValidError:
        return None
    return result.normalized.lower()


def parse_login(value: str, field: str = "login") -> LoginId:
    """Phone or email from what a person typed; a ValidationError otherwise."""
    value = (value or "").strip()
    if "@" in value:
        email = normalise_email(value)
        if email is None:
            raise ValidationError(N_("Please enter a valid email address"), field=field)
        return LoginId(email=email)
    phone = normalise_phone(value)
    if phone is None:
        raise ValidationError(N_("Please enter a valid phone number or email address"), field=field)
    return LoginId(phone=phone)


def mask_phone(phone: str | None) -> str | None:
    """``+66812345678`` → ``••••••••5678``: the last four digits only."""
    if not phone:
        return phone
    return "•" * max(len(phone) - 4, 0) + phone[-4:]


# --- lockout -------------------------------------------------------------------


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they are stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    locked_until = aware(locked_until)
    return locked_until is not None and locked_until > now


def is_expired(expires_at: datetime, now: datetime) -> bool:
    return aware(expires_at) <= now


def lock_until(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)


def session_alive(
    created_at: datetime,
    last_seen_at: datetime,
    revoked_at: datetime | None,
    now: datetime,
    idle: timedelta,
    absolute: timedelta,
) -> bool:
    """A log-in session is alive until revoked, idle for ``idle`` or older
    than ``absolute``."""
    if revoked_at is not None:
        return False
    return now - aware(last_seen_at) < idle and now - aware(created_at) < absolute


def throttle_delay(failures: int, after: int, max_seconds: int) -> timedelta | None:
    """The wait an account is put on after its ``failures``-th wrong password
    in a row (from anywhere): none up to ``after``, then 2, 4, 8... seconds,
    never more than ``max_seconds``."""
    if failures <= after:
        return None
    exponent = min(failures - after, 30)
    return timedelta(seconds=min(2**exponent, max_seconds))


def mask_login(login: LoginId) -> str:
    """A log-in as the audit log keeps it: ``••••••••5678`` or ``s•••@example.org``."""
    if login.phone:
        return mask_phone(login.phone)
    local, _, domain = (login.email or "").partition("@")
    return f"{local[:1]}•••@{domain}"


# --- secrets -------------------------------------------------------------------


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_claim_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def clean_claim_code(value: str) -> str:
    """What a person typed, as the code: upper case, no spaces or dashes."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def new_reset_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(RESET_CODE_LENGTH))


def reset_expiry(now: datetime, *, sent: bool) -> datetime:
    """A code sent to the person's own email or phone runs out soon; one
    handed over on paper has to last until they are at a phone or computer."""
    if sent:
        return now + timedelta(minutes=RESET_VALID_MINUTES_SENT)
    return now + timedelta(hours=RESET_VALID_HOURS_GIVEN)


def show_code(code: str) -> str:
    """``ABCD2345`` → ``ABCD-2345``, easier to read out and copy."""
    return f"{code[:4]}-{code[4:]}"


def claim_expiry(now: datetime) -> datetime:
    return now + timedelta(days=CLAIM_VALID_DAYS)


def new_api_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


# --- memberships ---------------------------------------------------------------


def leaves_no_admin(
    admin_ids: set[int], membership_id: int, roles_after: set[str], active_after: bool
) -> bool:
    """Would changing this membership leave the tenant without an active admin?
    ``admin_ids`` are the active admin memberships before the change."""
    still_admin = active_after and "admin" in roles_after
    remaining = set(admin_ids)
    if still_admin:
        remaining.add(membership_id)
    else:
        remaining.discard(membership_id)
    return bool(admin_ids) and not remaining
