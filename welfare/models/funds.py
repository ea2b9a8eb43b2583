"""welfare funds models: a fund is its own book in the ledger; budgets per fund
and period, with lines and caps."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

FUND_KINDS: dict[str, str] = {
    "welfare": N_("Community welfare fund"),
    "revolving": N_("Revolving fund for occupations"),
    "central": N_("Central fund"),
    "zakat": N_("Zakat fund"),
}

BUDGET_CATEGORIES: dict[str, str] = {
    "area_support": N_("Area support"),
    "administration": N_("Administration"),
    "issue_based": N_("Issue-based"),
    "area_based": N_("Area-based"),
    "benefits": N_("Benefits"),
    "loans": N_("Loans"),
    "other": N_("Other"),
}

BUDGET_STATUSES = ("draft", "approved", "closed")


def _sql_in(values) -> str:
    return ",".join(f"'{v}'" for v in values)


class Fund(TenantScoped, Model):
    __tablename__ = "welfare_fund"

    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="welfare")
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    allows_lending: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    # The ledger book of this fund ("fund:<id>"), set right after the first flush.
    book: Mapped[str | None] = mapped_column(sa.String(60))
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    public: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    # A resolution of this fund can be used only once its meeting's minutes
    # are attached (a document of kind "minutes").
    requires_minutes: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    # Money is paid only once the documents its records need are attached
    # (a disbursement's receipt, a claim's required documents).
    requires_documents: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "name", name="uq_welfare_fund_name"),
        sa.UniqueConstraint("tenant_id", "book", name="uq_welfare_fund_book"),
        sa.CheckConstraint(f"kind IN ({_sql_in(FUND_KINDS)})", name="kind_known"),
    )

    @property
    def kind_label(self) -> str:
        return FUND_KINDS.get(self.kind, self.kind)


class Budget(TenantScoped, Model):
    """A budget of one fund for one period."""

    __tablename__ = "welfare_budget"
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "resolution_id": "welfare_resolution:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    period_start: Mapped[date] = mapped_column(sa.Date, nullable=False)
    period_end: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="draft")
    # The resolution that approved it; only an approved budget can be charged.
    resolution_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period_order"),
        sa.CheckConstraint(f"status IN ({_sql_in(BUDGET_STATUSES)})", name="status_known"),
    )


class BudgetLine(TenantScoped, Model):
    """A line of a budget. ``cap_percent`` caps the line at a share of the
    budget's total (e.g. administration <= 20%). ``spent_satang`` is moved by
    conditional UPDATEs when a disbursement charged to the line is paid."""

    __tablename__ = "welfare_budget_line"
    __tenant_refs__ = {"budget_id": "welfare_budget:CASCADE", "fund_id": "welfare_fund:RESTRICT"}

    budget_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    category: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="other")
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    cap_percent: Mapped[int | None] = mapped_column(sa.Integer)
    spent_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)

    __extra_table_args__ = (
        sa.CheckConstraint("amount_satang >= 0", name="amount_non_negative"),
        sa.CheckConstraint("spent_satang >= 0", name="spent_non_negative"),
        sa.CheckConstraint("cap_percent IS NULL OR (cap_percent > 0 AND cap_percent <= 100)", name="cap_range"),
        sa.CheckConstraint(f"category IN ({_sql_in(BUDGET_CATEGORIES)})", name="category_known"),
    )

    @property
    def category_label(self) -> str:
        return BUDGET_CATEGORIES.get(self.category, self.category)
