"""The ledger: accounts, an append-only journal of balanced entries, and
period closes.

Amounts are integer satang. A journal line's ``amount`` is signed: positive
is a debit, negative a credit; every entry's lines sum to zero. An account's
stored ``balance`` is kept in its natural sign (asset and expense: debits −
credits; liability, equity and income: credits − debits) and always equals
the sum of its journal lines (see ``queries.verify_balances``).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, tenant_relationship, utcnow

ACCOUNT_TYPES = ("asset", "liability", "equity", "income", "expense")
DEBIT_NORMAL = frozenset({"asset", "expense"})


class Account(TenantScoped, Model):
    __tablename__ = "ledger_account"

    book: Mapped[str] = mapped_column(sa.String(60), nullable=False, default="general")
    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    name_th: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    type: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    may_go_negative: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    balance: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "book", "code", name="uq_ledger_account_code"),
        sa.CheckConstraint(
            "type IN ('asset', 'liability', 'equity', 'income', 'expense')", name="type_known"
        ),
        # The second wall: the conditional UPDATE in services.post is the first.
        sa.CheckConstraint("may_go_negative OR balance >= 0", name="non_negative"),
    )

    @property
    def debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL

    def name(self, lang: str = "th") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_th

    def natural(self, amount: int) -> int:
        """A signed line amount (+debit/−credit) as a change of this balance."""
        return amount if self.debit_normal else -amount


class JournalEntry(TenantScoped, Model):
    __tablename__ = "journal_entry"
    __tenant_refs__ = {"reversal_of_id": "journal_entry:RESTRICT"}

    entry_date: Mapped[date] = mapped_column(sa.Date, nullable=False, index=True)
    memo: Mapped[str] = mapped_column(sa.String(500), nullable=False, default="")
    source: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    body_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    reversal_of_id: Mapped[int | None] = mapped_column(BigId)
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    lines: Mapped[list[JournalLine]] = relationship(
        "JournalLine",
        primaryjoin="and_(JournalEntry.tenant_id == JournalLine.tenant_id, "
        "JournalEntry.id == foreign(JournalLine.entry_id))",
        viewonly=True,
        order_by="JournalLine.id",
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_journal_entry_key"),
        # An entry is reversed at most once, even by two clerks at the same instant.
        sa.UniqueConstraint("tenant_id", "reversal_of_id", name="uq_journal_entry_reversal"),
    )


class JournalLine(TenantScoped, Model):
    __tablename__ = "journal_line"
    __tenant_refs__ = {"entry_id": "journal_entry:RESTRICT", "account_id": "ledger_account:RESTRICT"}

    entry_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    account_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # + debit, − credit

    account: Mapped[Account] = tenant_relationship("JournalLine", "account_id", "Account", viewonly=True)

    __extra_table_args__ = (sa.CheckConstraint("amount <> 0", name="amount_not_zero"),)

    @property
    def debit(self) -> int:
        return self.amount if self.amount > 0 else 0

    @property
    def credit(self) -> int:
        return -self.amount if self.amount < 0 else 0


class PeriodClose(TenantScoped, Model):
    """A book is closed through a date: no entry may be dated on or before it."""

    __tablename__ = "ledger_period_close"

    book: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    closed_through: Mapped[date] = mapped_column(sa.Date, nullable=False)
    closed_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    closed_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow
    )

    __extra_table_args__ = (sa.UniqueConstraint("tenant_id", "book", name="uq_ledger_period_close_book"),)


import core.ledger.sql  # noqa: E402,F401  (attaches the append-only triggers)
