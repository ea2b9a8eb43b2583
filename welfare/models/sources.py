"""welfare sources of money: grants in tranches (restricted money tracked as
such), donations, member contributions ("one baht a day") and matching
contributions."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

GRANTOR_KINDS: dict[str, str] = {
    "codi": N_("CODI"),
    "local_government": N_("Local government"),
    "central_government": N_("Central government"),
    "foundation": N_("Foundation or NGO"),
    "other": N_("Other grantor"),
}

TRANCHE_STATUSES: dict[str, str] = {
    "expected": N_("Expected"),
    "received": N_("Received"),
    "cancelled": N_("Cancelled"),
}

CONTRIBUTION_PERIODS: dict[str, str] = {
    "daily": N_("Per day"),
    "monthly": N_("Per month"),
    "yearly": N_("Per year"),
}


# What restricted grant money may be spent on, and which expense (the
# disbursement's debit account) is each use.
GRANT_USES: dict[str, str] = {
    "benefits": N_("Benefits"),
    "loans": N_("Loans"),
    "area_support": N_("Area support"),
    "administration": N_("Administration"),
}
USE_OF_DEBIT: dict[str, str] = {
    "benefit_expense": "benefits",
    "loans_receivable": "loans",
    "program_expense": "area_support",
    "admin_expense": "administration",
}

DRAW_STATUSES = ("pending", "spent", "returned")


def _sql_in(values) -> str:
    return ",".join(f"'{v}'" for v in values)


class Grant(TenantScoped, Model):
    __tablename__ = "welfare_grant"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    grantor_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    grantor_kind: Mapped[str] = mapped_column(sa.String(24), nullable=False, default="codi")
    agreement_ref: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    signed_on: Mapped[date | None] = mapped_column(sa.Date)
    total_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    permitted_uses: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    restricted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    # Restricted money received and not yet released to income by a permitted use.
    restricted_balance_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.CheckConstraint("total_satang > 0", name="total_positive"),
        sa.CheckConstraint("restricted_balance_satang >= 0", name="restricted_non_negative"),
        sa.CheckConstraint(f"grantor_kind IN ({_sql_in(GRANTOR_KINDS)})", name="grantor_kind_known"),
    )

    @property
    def grantor_kind_label(self) -> str:
        return GRANTOR_KINDS.get(self.grantor_kind, self.grantor_kind)


class GrantUse(TenantScoped, Model):
    """One permitted use of a restricted grant's money."""

    __tablename__ = "welfare_grant_use"
    __tenant_refs__ = {"grant_id": "welfare_grant:CASCADE"}

    grant_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    use: Mapped[str] = mapped_column(sa.String(20), nullable=False)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "grant_id", "use", name="uq_welfare_grant_use"),
        sa.CheckConstraint(f"use IN ({_sql_in(GRANT_USES)})", name="use_known"),
    )

    @property
    def label(self) -> str:
        return GRANT_USES.get(self.use, self.use)


class RestrictedDraw(TenantScoped, Model):
    """Restricted money of one grant taken by one disbursement for a
    permitted use: taken from the grant's balance when the request is made
    (a conditional UPDATE), released to income in the ledger when it is paid,
    given back when it is rejected."""

    __tablename__ = "welfare_restricted_draw"
    __tenant_refs__ = {
        "grant_id": "welfare_grant:RESTRICT",
        "disbursement_id": "welfare_disbursement:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    grant_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    disbursement_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    use: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="pending")
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "disbursement_id", "grant_id", name="uq_welfare_restricted_draw"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint(f"use IN ({_sql_in(GRANT_USES)})", name="use_known"),
        sa.CheckConstraint(f"status IN ({_sql_in(DRAW_STATUSES)})", name="status_known"),
    )


class GrantTranche(TenantScoped, Model):
    __tablename__ = "welfare_grant_tranche"
    __tenant_refs__ = {
        "grant_id": "welfare_grant:CASCADE",
        "fund_id": "welfare_fund:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    grant_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    expected_on: Mapped[date | None] = mapped_column(sa.Date)
    conditions: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="expected")
    received_on: Mapped[date | None] = mapped_column(sa.Date)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "grant_id", "seq", name="uq_welfare_grant_tranche_seq"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint(f"status IN ({_sql_in(TRANCHE_STATUSES)})", name="status_known"),
        sa.CheckConstraint("(status = 'received') = (received_on IS NOT NULL)", name="received_dated"),
    )

    @property
    def status_label(self) -> str:
        return TRANCHE_STATUSES.get(self.status, self.status)


class Donation(TenantScoped, Model):
    __tablename__ = "welfare_donation"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT", "journal_entry_id": "journal_entry:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    donor_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    anonymous: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    received_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (sa.CheckConstraint("amount_satang > 0", name="amount_positive"),)


class ContributionSchedule(TenantScoped, Model):
    """What a member is expected to contribute, e.g. one baht a day."""

    __tablename__ = "welfare_contribution_schedule"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT", "member_id": "welfare_member:CASCADE"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=100)
    period: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="daily")
    starts_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "member_id", name="uq_welfare_contribution_schedule_member"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint(f"period IN ({_sql_in(CONTRIBUTION_PERIODS)})", name="period_known"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period_order"),
    )


class ContributionPayment(TenantScoped, Model):
    __tablename__ = "welfare_contribution_payment"
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "member_id": "welfare_member:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    paid_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    method: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="cash")
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    recorded_by: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint("method IN ('cash', 'transfer')", name="method_known"),
    )


class MatchingContribution(TenantScoped, Model):
    """Money a government body adds in proportion to members' contributions."""

    __tablename__ = "welfare_matching_contribution"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT", "journal_entry_id": "journal_entry:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    matcher_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    year: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    ratio_percent: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=100)
    members_contributed_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="expected")
    received_on: Mapped[date | None] = mapped_column(sa.Date)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", "matcher_name", "year", name="uq_welfare_matching_year"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint("ratio_percent > 0 AND ratio_percent <= 1000", name="ratio_range"),
        sa.CheckConstraint(f"status IN ({_sql_in(TRANCHE_STATUSES)})", name="status_known"),
    )
