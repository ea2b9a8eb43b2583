"""People who log in. A person in the registry may have no account (assisted
use); staff can invite them to claim one later."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import (
    BigId,
    IdMixin,
    Model,
    TenantScoped,
    TimestampMixin,
    UtcDateTime,
    tenant_relationship,
    utcnow,
)


class User(UserMixin, IdMixin, TimestampMixin, Model):
    __tablename__ = "user_account"

    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # E.164
    display_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    lang: Mapped[str] = mapped_column(sa.String(5), nullable=False, default="th")
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    is_superadmin: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # Bumped on password change and "log out everywhere": every cookie naming
    # the old version stops working (see core.auth.sessions).
    session_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    memberships = relationship(
        "Membership", back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="has_login"),
    )

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    def get_id(self) -> str:  # flask-login: invalidated when session_version changes
        return f"{self.id}:{self.session_version}"

    def membership_in(self, tenant_id: int):
        for m in self.memberships:
            if m.tenant_id == tenant_id and m.active:
                return m
        return None


class UserSession(IdMixin, Model):
    """One log-in on one device, kept on the server so that it can end: the
    cookie carries a random key, only its sha256 is stored. A session is
    alive while not revoked, used within the idle timeout and younger than
    the absolute one (``core.auth.sessions``)."""

    __tablename__ = "user_session"

    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    key_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The address the session was started from: an address the account has
    # logged in from is not slowed by the per-account throttle (core.auth.lockout).
    address: Mapped[str] = mapped_column(sa.String(45), nullable=False, default="")


class AuthFailure(IdMixin, Model):
    """Failed attempts counted on the server (never in the client's cookie):
    ``kind`` says what was tried (``login``, ``login_account``, ``claim``),
    ``subject`` for which account (a sha256 of the normalised log-in, empty
    for claim codes), ``address`` from where (empty: from anywhere). See
    ``core.auth.lockout``."""

    __tablename__ = "auth_failure"

    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="")
    address: Mapped[str] = mapped_column(sa.String(45), nullable=False, default="")
    failures: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    last_failed_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (sa.UniqueConstraint("kind", "subject", "address", name="uq_auth_failure_key"),)


class ClaimInvite(TenantScoped, TimestampMixin, Model):
    """A one-time code that lets a registry person (registered by staff, without
    an account) claim an account later. Only the code's sha256 is stored."""

    __tablename__ = "claim_invite"
    __tenant_refs__ = {"person_id": "person:CASCADE"}

    person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True, info={"crossing_key": True})
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    person = tenant_relationship("ClaimInvite", "person_id", "Person")


class ApiToken(TenantScoped, Model):
    """A per-membership API token: the caller acts as ``user`` within
    ``tenant`` only. Only the token's sha256 is stored; ``prefix`` identifies it
    on screen."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True, info={"crossing_key": True})
    prefix: Mapped[str] = mapped_column(sa.String(8), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    user = relationship("User")

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class PasswordCode(IdMixin, Model):
    """A one-time code that sets a new password: issued by staff (printed,
    read out, or sent by SMS or LINE), by the operator's command line, or
    asked for on the "forgot password" page (sent by email or SMS). Only an
    HMAC of the code is stored (``core.auth.password_codes``). A code is spent
    once, runs out at ``expires_at``, and stops working after
    ``rules.RESET_MAX_WRONG`` wrong codes typed for its account.

    Accounts are not a tenant's, so neither is this table; the organisation
    a code was issued in is kept as ``issued_in`` (a name that row-level
    security does not take for a tenant column)."""

    __tablename__ = "password_code"

    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    purpose: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # reset | set
    channel: Mapped[str] = mapped_column(sa.String(10), nullable=False)  # print | sms | line | email | cli
    issued_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    issued_in: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("tenant.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    wrong_attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    __table_args__ = (
        sa.CheckConstraint("purpose IN ('reset', 'set')", name="purpose"),
        sa.CheckConstraint("channel IN ('print', 'sms', 'line', 'email', 'cli')", name="channel"),
    )
