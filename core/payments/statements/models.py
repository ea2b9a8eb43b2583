"""Bank statements and their reconciliation with the ledger.

A :class:`BankAccount` names the ledger account its money lands in. Statement
files are read with the account's :class:`StatementMapping` into
:class:`StatementLine` rows; each line has a ``line_hash`` unique per bank
account, so importing the same file (or an overlapping one) twice adds nothing
twice, while identical lines inside one file are told apart by their occurrence
number. :class:`ReconMatch` ties a line to a payment at most once on either
side; :class:`ReconException` records how staff resolved what did not match.

A Stripe payout is one bank line for many card and PromptPay payments: it
has its own tables (``core.payments.payouts.models``: payout -> balance
transactions -> payments), and the payout holds the one line it matched
(``UNIQUE (tenant_id, statement_line_id)``), so a line is taken by a payment
or a payout, never both.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, TimestampMixin, UtcDateTime, utcnow

LINE_STATUSES = ("unmatched", "matched", "mismatch", "ambiguous", "ignored", "entered")
MATCH_KINDS = ("ref1", "amount_date", "manual")
DATE_FORMATS = ("DD/MM/YYYY", "DD-MM-YYYY", "YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YY")
YEAR_ERAS = ("auto", "be", "ce")
DECIMAL_STYLES = ("dot", "comma")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BankAccount(TenantScoped, TimestampMixin, Model):
    __tablename__ = "bank_account"
    __crossing_fanout__ = True  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {"ledger_account_id": "ledger_account:RESTRICT"}

    name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    bank: Mapped[str] = mapped_column(sa.String(60), nullable=False, default="")
    number_masked: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    ledger_account_id: Mapped[int] = mapped_column(BigId, nullable=False)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name", name="uq_bank_account_name"),
        sa.UniqueConstraint("tenant_id", "ledger_account_id", name="uq_bank_account_ledger_account"),
    )


class StatementMapping(TenantScoped, TimestampMixin, Model):
    """How one bank's CSV reads: each column by header name or 1-based number;
    either one signed ``amount`` column or ``debit`` and ``credit`` columns."""

    __tablename__ = "statement_mapping"
    __tenant_refs__ = {"bank_account_id": "bank_account:CASCADE"}

    bank_account_id: Mapped[int] = mapped_column(BigId, nullable=False)
    date_column: Mapped[str] = mapped_column(sa.String(60), nullable=False, default="date")
    description_column: Mapped[str | None] = mapped_column(sa.String(60))
    amount_column: Mapped[str | None] = mapped_column(sa.String(60))
    debit_column: Mapped[str | None] = mapped_column(sa.String(60))
    credit_column: Mapped[str | None] = mapped_column(sa.String(60))
    reference_column: Mapped[str | None] = mapped_column(sa.String(60))
    balance_column: Mapped[str | None] = mapped_column(sa.String(60))
    date_format: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="DD/MM/YYYY")
    year_era: Mapped[str] = mapped_column(sa.String(4), nullable=False, default="auto")
    decimal_style: Mapped[str] = mapped_column(sa.String(8), nullable=False, default="dot")
    skip_rows: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    has_header: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "bank_account_id", name="uq_statement_mapping_bank_account"),
        sa.CheckConstraint(_in("date_format", DATE_FORMATS), name="date_format"),
        sa.CheckConstraint(_in("year_era", YEAR_ERAS), name="year_era"),
        sa.CheckConstraint(_in("decimal_style", DECIMAL_STYLES), name="decimal_style"),
        sa.CheckConstraint("skip_rows >= 0 AND skip_rows <= 50", name="skip_rows"),
        sa.CheckConstraint(
            "amount_column IS NOT NULL OR (debit_column IS NOT NULL AND credit_column IS NOT NULL)",
            name="amount_columns",
        ),
    )


class StatementLine(TenantScoped, Model):
    __tablename__ = "statement_line"
    __tenant_refs__ = {"bank_account_id": "bank_account:RESTRICT", "import_id": "import_job:SET NULL"}

    bank_account_id: Mapped[int] = mapped_column(BigId, nullable=False)
    import_id: Mapped[int | None] = mapped_column(BigId)
    line_date: Mapped[date] = mapped_column(sa.Date, nullable=False)
    amount: Mapped[int] = mapped_column(Satang, nullable=False)  # + money in, − money out
    description: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    reference: Mapped[str | None] = mapped_column(sa.String(100))
    ref1: Mapped[str | None] = mapped_column(sa.String(20))
    balance_after: Mapped[int | None] = mapped_column(Satang)
    line_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="unmatched")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "bank_account_id", "line_hash", name="uq_statement_line_hash"),
        sa.Index("ix_statement_line_account_status", "tenant_id", "bank_account_id", "status"),
        sa.Index("ix_statement_line_account_date", "tenant_id", "bank_account_id", "line_date"),
        sa.Index("ix_statement_line_ref1", "tenant_id", "ref1"),
        sa.CheckConstraint("amount <> 0", name="amount_not_zero"),
        sa.CheckConstraint(_in("status", LINE_STATUSES), name="status"),
    )


class ReconMatch(TenantScoped, Model):
    """One bank line ↔ one payment; either side at most once."""

    __tablename__ = "recon_match"
    __tenant_refs__ = {"statement_line_id": "statement_line:CASCADE", "payment_id": "payment:RESTRICT"}

    statement_line_id: Mapped[int] = mapped_column(BigId, nullable=False)
    payment_id: Mapped[int] = mapped_column(BigId, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    difference: Mapped[int] = mapped_column(Satang, nullable=False, default=0)  # line − payment
    matched_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "statement_line_id", name="uq_recon_match_line"),
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_recon_match_payment"),
        sa.CheckConstraint(_in("kind", MATCH_KINDS), name="kind"),
    )


class ReconException(TenantScoped, Model):
    """How staff resolved a line or a payment that did not match by itself."""

    __tablename__ = "recon_exception"
    __tenant_refs__ = {
        "statement_line_id": "statement_line:CASCADE",
        "payment_id": "payment:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    statement_line_id: Mapped[int | None] = mapped_column(BigId)
    payment_id: Mapped[int | None] = mapped_column(BigId)
    action: Mapped[str] = mapped_column(sa.String(12), nullable=False)  # linked, accepted, entry, ignored
    reason: Mapped[str | None] = mapped_column(sa.Text)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    resolved_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "statement_line_id", name="uq_recon_exception_line"),
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_recon_exception_payment"),
        sa.CheckConstraint("statement_line_id IS NOT NULL OR payment_id IS NOT NULL", name="has_target"),
        sa.CheckConstraint("action IN ('linked','accepted','entry','ignored')", name="action"),
    )
