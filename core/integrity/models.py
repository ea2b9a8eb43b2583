"""Seals: one append-only row per sealed audit event or journal entry, in
chain order. A seal's hash covers the previous seal's hash and the row's
content, so changing, deleting or reordering a sealed row breaks the chain."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, TenantScoped, UtcDateTime, db, utcnow


class ChainSeal(TenantScoped, db.Model):
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


import core.integrity.sql  # noqa: E402,F401  (attaches the append-only trigger)
