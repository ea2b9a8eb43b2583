"""People who log in. A person in the registry may have no account (assisted
use); staff can invite them to claim one later."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, IdMixin, TimestampMixin, db


class User(UserMixin, IdMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # E.164
    display_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    lang: Mapped[str] = mapped_column(sa.String(5), nullable=False, default="th")
    failed_logins: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    is_superadmin: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # Bumped on password change and lock, so old sessions stop working.
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
