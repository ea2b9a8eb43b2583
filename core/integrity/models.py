"""Seals: one append-only row per sealed audit event or journal entry, in
chain order. A seal's hash covers the previous seal's hash and the row's
content, so changing, deleting or reordering a sealed row breaks the chain."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, UtcDateTime, utcnow


class ChainSeal(TenantScoped, Model):
    __tablename__ = "chain_seal"

    chain: Mapped[str] = mapped_column(sa.String(20), nullable=False)  # "audit" | "journal"
    seq: Mapped[int] = mapped_column(BigId, nullable=False)
    row_id: Mapped[int] = mapped_column(BigId, nullable=False)
    prev_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    sealed_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        # Two sealers racing cannot fork a chain or seal a row twice.
        sa.UniqueConstraint("tenant_id", "chain", "seq", name="uq_chain_seal_seq"),
        sa.UniqueConstraint("tenant_id", "chain", "row_id", name="uq_chain_seal_row"),
        sa.CheckConstraint("chain IN ('audit', 'journal')", name="chain"),
    )


class ChainHead(TenantScoped, Model):
    """What a tenant's chain was when it was last sealed: its length (the
    newest seal's ``seq``) and last hash. Seals alone cannot show that the
    newest rows were deleted together with their seals (what is left is a
    shorter, valid chain); the head still says how long the chain was. On
    PostgreSQL a trigger lets the head only grow and never be deleted. See
    ``core.integrity.verify`` for what this catches and what it cannot."""

    __tablename__ = "chain_head"

    chain: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    length: Mapped[int] = mapped_column(BigId, nullable=False)
    last_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "chain", name="uq_chain_head_chain"),
        sa.CheckConstraint("chain IN ('audit', 'journal')", name="chain"),
        sa.CheckConstraint("length >= 0", name="length_not_negative"),
    )


import core.integrity.sql  # noqa: E402,F401  (attaches the append-only triggers)
