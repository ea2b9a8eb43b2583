"""welfare governance: meetings, resolutions, the M-of-N approval policy,
disbursement requests and their approvals."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

MEETING_KINDS: dict[str, str] = {
    "committee": N_("Committee meeting"),
    "general": N_("General meeting of members"),
    "annual": N_("Annual general meeting"),
    "extraordinary": N_("Extraordinary meeting"),
}

RESOLUTION_KINDS: dict[str, str] = {
    "loan": N_("Loan"),
    "disbursement": N_("Disbursement"),
    "budget_change": N_("Budget change"),
    "write_off": N_("Write-off"),
    "benefit": N_("Benefit"),
    "reschedule": N_("Reschedule"),
    "release": N_("Release of restricted grant money"),
}

RESOLUTION_STATUSES = ("active", "revoked")

DISBURSEMENT_STATUSES: dict[str, str] = {
    "pending": N_("Waiting for approvals"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "paid": N_("Paid"),
}

DEFAULT_REQUIRED = 2


def _sql_in(values) -> str:
    return ",".join(f"'{v}'" for v in values)


class Meeting(TenantScoped, Model):
    __tablename__ = "welfare_meeting"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    held_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="committee")
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    # One name per line; the count is what the quorum rule is checked against.
    attendees: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    attendee_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    eligible_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    # Quorum rule: at least this percentage of those eligible attend.
    quorum_percent: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=50)
    minutes: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_by: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.CheckConstraint(f"kind IN ({_sql_in(MEETING_KINDS)})", name="kind_known"),
        sa.CheckConstraint("attendee_count >= 0 AND eligible_count >= 0", name="counts_non_negative"),
        sa.CheckConstraint("quorum_percent > 0 AND quorum_percent <= 100", name="quorum_range"),
    )

    @property
    def quorum_met(self) -> bool:
        if self.eligible_count <= 0:
            return False
        return self.attendee_count * 100 >= self.quorum_percent * self.eligible_count

    @property
    def kind_label(self) -> str:
        return MEETING_KINDS.get(self.kind, self.kind)


class Resolution(TenantScoped, Model):
    """A resolution of a meeting. ``used_satang`` only moves through one
    conditional UPDATE (``used + amount <= cap``), so nothing is paid beyond
    what it allows, even under races."""

    __tablename__ = "welfare_resolution"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT", "meeting_id": "welfare_meeting:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    meeting_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    number: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    # The year of the meeting: a number is unique in its fund and year.
    year: Mapped[int | None] = mapped_column(sa.Integer)
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    amount_cap_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    used_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    purpose: Mapped[str] = mapped_column(sa.Text, nullable=False)
    valid_until: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.CheckConstraint(f"kind IN ({_sql_in(RESOLUTION_KINDS)})", name="kind_known"),
        sa.CheckConstraint(f"status IN ({_sql_in(RESOLUTION_STATUSES)})", name="status_known"),
        sa.CheckConstraint("amount_cap_satang >= 0", name="cap_non_negative"),
        # The second wall behind the conditional UPDATE.
        sa.CheckConstraint("used_satang >= 0 AND used_satang <= amount_cap_satang", name="used_within_cap"),
        sa.Index(
            "uq_welfare_resolution_number_year", "tenant_id", "fund_id", "year", "number", unique=True,
            postgresql_where=sa.text("number <> ''"), sqlite_where=sa.text("number <> ''"),
        ),
    )

    @property
    def remaining_satang(self) -> int:
        return self.amount_cap_satang - self.used_satang

    @property
    def kind_label(self) -> str:
        return RESOLUTION_KINDS.get(self.kind, self.kind)


class ApprovalPolicy(TenantScoped, Model):
    """M of N: ``required`` distinct valid signatories of the fund must approve."""

    __tablename__ = "welfare_approval_policy"
    __tenant_refs__ = {"fund_id": "welfare_fund:CASCADE"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False)
    required: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=DEFAULT_REQUIRED)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", name="uq_welfare_approval_policy_fund"),
        sa.CheckConstraint("required >= 1", name="required_positive"),
    )


class Signatory(TenantScoped, Model):
    """A person authorised to approve the fund's disbursements between two dates."""

    __tablename__ = "welfare_signatory"
    __tenant_refs__ = {"fund_id": "welfare_fund:CASCADE"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    valid_from: Mapped[date] = mapped_column(sa.Date, nullable=False)
    valid_until: Mapped[date | None] = mapped_column(sa.Date)
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", "user_id", name="uq_welfare_signatory_user"),
        sa.CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity_order"),
    )

    def valid_on(self, day: date) -> bool:
        return self.active and self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Disbursement(TenantScoped, Model):
    """A pending request to pay money out of a fund; posts to the ledger only
    once M distinct valid signatories approve."""

    __tablename__ = "welfare_disbursement"
    __crossing_fanout__ = "status = 'pending'"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "resolution_id": "welfare_resolution:RESTRICT",
        "budget_line_id": "welfare_budget_line:RESTRICT",
        "overspend_resolution_id": "welfare_resolution:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    resolution_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    budget_line_id: Mapped[int | None] = mapped_column(BigId, index=True)
    # The part beyond the budget line's amount, covered by a budget-change resolution.
    overspend_resolution_id: Mapped[int | None] = mapped_column(BigId)
    overspend_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    purpose: Mapped[str] = mapped_column(sa.Text, nullable=False)
    target_type: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    target_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    debit_key: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="benefit_expense")
    credit_key: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="cash")
    requested_by: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    required: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=DEFAULT_REQUIRED)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="pending", index=True)
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    # A document also attached elsewhere was accepted, with a reason, by
    # someone other than whoever made the request.
    reuse_reason: Mapped[str | None] = mapped_column(sa.Text)
    reuse_accepted_by: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __extra_table_args__ = (
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint(f"status IN ({_sql_in(DISBURSEMENT_STATUSES)})", name="status_known"),
        sa.CheckConstraint("required >= 1", name="required_positive"),
    )

    @property
    def status_label(self) -> str:
        return DISBURSEMENT_STATUSES.get(self.status, self.status)


class Approval(TenantScoped, Model):
    """One signatory's decision on one disbursement; nobody decides twice."""

    __tablename__ = "welfare_approval"
    __tenant_refs__ = {"disbursement_id": "welfare_disbursement:CASCADE"}

    disbursement_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False
    )
    decision: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="approve")
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "disbursement_id", "user_id", name="uq_welfare_approval_once"),
        sa.CheckConstraint("decision IN ('approve', 'reject')", name="decision_known"),
    )
