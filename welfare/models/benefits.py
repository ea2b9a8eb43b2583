"""welfare benefits: benefit types with rules, and members' claims
(claim -> check -> approval under the fund's policy -> payment)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

BENEFIT_CODES: dict[str, str] = {
    "birth": N_("Birth of a child"),
    "sickness": N_("Sickness"),
    "hospital": N_("Hospital nights"),
    "death": N_("Death"),
    "elderly": N_("Elderly"),
    "disability": N_("Disability"),
    "scholarship": N_("Scholarship"),
    "disaster": N_("Disaster"),
}

CLAIM_STATUSES: dict[str, str] = {
    "submitted": N_("Submitted"),
    "checked": N_("Checked"),
    "refused": N_("Refused"),
    "pending_approval": N_("Waiting for approvals"),
    "rejected": N_("Rejected by signatories"),
    "paid": N_("Paid"),
}


def _sql_in(values) -> str:
    return ",".join(f"'{v}'" for v in values)


class BenefitType(TenantScoped, Model):
    __tablename__ = "welfare_benefit_type"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    min_membership_days: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    per_event_cap_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    per_year_cap_satang: Mapped[int | None] = mapped_column(Satang)
    # For hospital nights: the amount per night (the claim's amount is nights x this, capped).
    per_night_satang: Mapped[int | None] = mapped_column(Satang)
    # Document kinds (core documents) a claim needs, comma-separated.
    required_documents: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", "code", name="uq_welfare_benefit_type_code"),
        sa.CheckConstraint(f"code IN ({_sql_in(BENEFIT_CODES)})", name="code_known"),
        sa.CheckConstraint("min_membership_days >= 0", name="min_days_non_negative"),
        sa.CheckConstraint("per_event_cap_satang > 0", name="event_cap_positive"),
        sa.CheckConstraint("per_year_cap_satang IS NULL OR per_year_cap_satang > 0", name="year_cap_positive"),
        sa.CheckConstraint("per_night_satang IS NULL OR per_night_satang > 0", name="night_positive"),
    )

    @property
    def required_kinds(self) -> list[str]:
        return [k.strip() for k in self.required_documents.split(",") if k.strip()]

    @property
    def code_label(self) -> str:
        return BENEFIT_CODES.get(self.code, self.code)


class BenefitClaim(TenantScoped, Model):
    __tablename__ = "welfare_benefit_claim"
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "member_id": "welfare_member:RESTRICT",
        "benefit_type_id": "welfare_benefit_type:RESTRICT",
        "disbursement_id": "welfare_disbursement:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    member_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    benefit_type_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    event_date: Mapped[date] = mapped_column(sa.Date, nullable=False)
    nights: Mapped[int | None] = mapped_column(sa.Integer)
    amount_requested_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    amount_satang: Mapped[int | None] = mapped_column(Satang)  # as checked
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="submitted", index=True)
    check_note: Mapped[str | None] = mapped_column(sa.Text)
    # A document also attached elsewhere was accepted, with a reason, by
    # someone other than whoever submitted the claim.
    reuse_reason: Mapped[str | None] = mapped_column(sa.Text)
    reuse_accepted_by: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    disbursement_id: Mapped[int | None] = mapped_column(BigId)
    created_by: Mapped[int | None] = mapped_column(BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    paid_on: Mapped[date | None] = mapped_column(sa.Date)

    __extra_table_args__ = (
        sa.CheckConstraint("amount_requested_satang > 0", name="requested_positive"),
        sa.CheckConstraint("amount_satang IS NULL OR amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint("nights IS NULL OR nights > 0", name="nights_positive"),
        sa.CheckConstraint(f"status IN ({_sql_in(CLAIM_STATUSES)})", name="status_known"),
    )

    @property
    def status_label(self) -> str:
        return CLAIM_STATUSES.get(self.status, self.status)
