"""welfare loans models: products, loans, schedules (installments),
repayments and how each was allocated, guarantors, group loans and
reschedules.

Money is integer satang. An installment's ``*_paid`` columns only grow
through conditional UPDATEs bounded by its ``*_due`` columns, with CHECK
constraints as the second wall. Outstanding principal of a fund's loans equals
the balance of the fund's ``loans_receivable`` account in the ledger.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, Satang, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

INTEREST_METHODS: dict[str, str] = {
    "zero": N_("Zero interest"),
    "flat": N_("Flat rate"),
    "declining": N_("Declining balance"),
}
FREQUENCIES: dict[str, str] = {"weekly": N_("Weekly"), "monthly": N_("Monthly")}
ALLOCATION_STRATEGIES: dict[str, str] = {
    "installment": N_("Oldest installment first, component by component"),
    "component": N_("Each component across all installments, oldest first"),
}
LOAN_STATUSES: dict[str, str] = {
    "applied": N_("Applied"),
    "pending": N_("Waiting for approval"),
    "active": N_("Active"),
    "closed": N_("Closed"),
    "written_off": N_("Written off"),
    "rejected": N_("Rejected"),
    "cancelled": N_("Cancelled"),
}
INSTALLMENT_STATUSES = ("open", "paid", "rescheduled", "written_off")
REPAYMENT_METHODS: dict[str, str] = {
    "cash": N_("Cash"),
    "transfer": N_("Bank transfer"),
    "promptpay": N_("PromptPay"),
    "card": N_("Card (Stripe)"),
    "fake": N_("Test gateway"),
}
REPAYMENT_KINDS = ("repayment", "recovery")


def _sql_in(values) -> str:
    return ",".join(f"'{v}'" for v in values)


class LoanProduct(TenantScoped, Model):
    __tablename__ = "welfare_loan_product"
    __tenant_refs__ = {"fund_id": "welfare_fund:RESTRICT"}

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    method: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="zero")
    annual_rate_bp: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    fee_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    term: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=12)
    frequency: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="monthly")
    grace: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    max_amount_satang: Mapped[int | None] = mapped_column(Satang)
    allocation_order: Mapped[str] = mapped_column(
        sa.String(40), nullable=False, default="fee,interest,principal"
    )
    allocation_strategy: Mapped[str] = mapped_column(
        sa.String(12), nullable=False, default="installment"
    )
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", "name", name="uq_welfare_loan_product_name"),
        sa.CheckConstraint(f"method IN ({_sql_in(INTEREST_METHODS)})", name="method_known"),
        sa.CheckConstraint(f"frequency IN ({_sql_in(FREQUENCIES)})", name="frequency_known"),
        sa.CheckConstraint(
            f"allocation_strategy IN ({_sql_in(ALLOCATION_STRATEGIES)})", name="strategy_known"
        ),
        sa.CheckConstraint("annual_rate_bp >= 0 AND annual_rate_bp <= 10000", name="rate_range"),
        sa.CheckConstraint("fee_satang >= 0", name="fee_non_negative"),
        sa.CheckConstraint("term >= 1 AND term <= 260", name="term_range"),
        sa.CheckConstraint("grace >= 0 AND grace <= 24", name="grace_range"),
        sa.CheckConstraint(
            "max_amount_satang IS NULL OR max_amount_satang > 0", name="max_positive"
        ),
    )

    @property
    def method_label(self) -> str:
        return INTEREST_METHODS.get(self.method, self.method)

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES.get(self.frequency, self.frequency)


class LoanGroup(TenantScoped, Model):
    """Loans to a group of members under one resolution, collected at meetings."""

    __tablename__ = "welfare_loan_group"
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "resolution_id": "welfare_resolution:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    resolution_id: Mapped[int | None] = mapped_column(BigId, index=True)
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    meeting_place: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "fund_id", "name", name="uq_welfare_loan_group_name"),
    )


class Loan(TenantScoped, Model):
    """A loan from application to close. The terms are copied from the product
    when applying, so a later change of the product never changes a loan."""

    __tablename__ = "welfare_loan"
    __crossing_fanout__ = "status = 'active'"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "product_id": "welfare_loan_product:RESTRICT",
        "borrower_person_id": "person:RESTRICT",
        "group_id": "welfare_loan_group:RESTRICT",
        "resolution_id": "welfare_resolution:RESTRICT",
        "disbursement_id": "welfare_disbursement:RESTRICT",
        "write_off_resolution_id": "welfare_resolution:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    product_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    borrower_person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    group_id: Mapped[int | None] = mapped_column(BigId, index=True)
    number: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    purpose: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    principal_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    method: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    annual_rate_bp: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    fee_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    term: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    frequency: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    grace: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    allocation_order: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    allocation_strategy: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    status: Mapped[str] = mapped_column(
        sa.String(12), nullable=False, default="applied", index=True
    )
    applied_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    resolution_id: Mapped[int | None] = mapped_column(BigId, index=True)
    disbursement_id: Mapped[int | None] = mapped_column(BigId, index=True)
    disbursed_on: Mapped[date | None] = mapped_column(sa.Date)
    schedule_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    # Principal still owed; kept equal to the sum over open installments and
    # to the fund's loans-receivable balance.
    outstanding_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    # Nightly ageing snapshot.
    days_past_due: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    aged_on: Mapped[date | None] = mapped_column(sa.Date)
    write_off_resolution_id: Mapped[int | None] = mapped_column(BigId)
    written_off_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    recovered_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    written_off_on: Mapped[date | None] = mapped_column(sa.Date)
    reject_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.CheckConstraint("principal_satang > 0", name="principal_positive"),
        sa.CheckConstraint(
            "outstanding_satang >= 0 AND outstanding_satang <= principal_satang",
            name="outstanding_range",
        ),
        sa.CheckConstraint(f"status IN ({_sql_in(LOAN_STATUSES)})", name="status_known"),
        sa.CheckConstraint(f"method IN ({_sql_in(INTEREST_METHODS)})", name="method_known"),
        sa.CheckConstraint(f"frequency IN ({_sql_in(FREQUENCIES)})", name="frequency_known"),
        sa.CheckConstraint(
            "written_off_satang >= 0 AND recovered_satang >= 0", name="write_off_non_negative"
        ),
        sa.CheckConstraint(
            "recovered_satang <= written_off_satang", name="recovery_within_write_off"
        ),
        sa.Index("ix_welfare_loan_fund_status", "tenant_id", "fund_id", "status"),
    )

    @property
    def status_label(self) -> str:
        return LOAN_STATUSES.get(self.status, self.status)

    @property
    def method_label(self) -> str:
        return INTEREST_METHODS.get(self.method, self.method)

    @property
    def frequency_label(self) -> str:
        return FREQUENCIES.get(self.frequency, self.frequency)


class Installment(TenantScoped, Model):
    __tablename__ = "welfare_installment"
    __tenant_refs__ = {"loan_id": "welfare_loan:CASCADE"}

    loan_id: Mapped[int] = mapped_column(BigId, nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)
    number: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    due_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    principal_due: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    interest_due: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    fee_due: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    principal_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    interest_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    fee_paid: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    # The part of interest_due and fee_due carried over by a reschedule:
    # already due, whatever this installment's date.
    arrears_interest: Mapped[int] = mapped_column(
        Satang, nullable=False, default=0, server_default="0"
    )
    arrears_fee: Mapped[int] = mapped_column(Satang, nullable=False, default=0, server_default="0")
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="open")
    paid_on: Mapped[date | None] = mapped_column(sa.Date)

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "loan_id", "version", "number", name="uq_welfare_installment_number"
        ),
        sa.CheckConstraint(f"status IN ({_sql_in(INSTALLMENT_STATUSES)})", name="status_known"),
        sa.CheckConstraint(
            "principal_due >= 0 AND interest_due >= 0 AND fee_due >= 0", name="due_non_negative"
        ),
        sa.CheckConstraint(
            "principal_paid >= 0 AND principal_paid <= principal_due AND interest_paid >= 0 "
            "AND interest_paid <= interest_due AND fee_paid >= 0 AND fee_paid <= fee_due",
            name="paid_within_due",
        ),
        sa.CheckConstraint(
            "arrears_interest >= 0 AND arrears_interest <= interest_due AND arrears_fee >= 0 "
            "AND arrears_fee <= fee_due",
            name="arrears_within_due",
        ),
        sa.Index("ix_welfare_installment_loan_due", "tenant_id", "loan_id", "due_on"),
        sa.Index("ix_welfare_installment_open_due", "tenant_id", "status", "due_on"),
    )

    @property
    def total_due(self) -> int:
        return self.principal_due + self.interest_due + self.fee_due

    @property
    def total_paid(self) -> int:
        return self.principal_paid + self.interest_paid + self.fee_paid

    @property
    def remaining(self) -> int:
        return self.total_due - self.total_paid


class Repayment(TenantScoped, Model):
    """Money received for a loan (or, after a write-off, a recovery), tied to
    the core payment that brought it in; one repayment per payment."""

    __tablename__ = "welfare_repayment"
    __tenant_refs__ = {
        "loan_id": "welfare_loan:RESTRICT",
        "payment_id": "payment:RESTRICT",
        "journal_entry_id": "journal_entry:RESTRICT",
    }

    loan_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    payment_id: Mapped[int] = mapped_column(BigId, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="repayment")
    method: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    # What was more than everything owed when the money arrived, kept as the
    # borrower's credit (a liability of the fund).
    credit_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    paid_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    journal_entry_id: Mapped[int | None] = mapped_column(BigId)
    created_by: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "payment_id", name="uq_welfare_repayment_payment"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
        sa.CheckConstraint(
            "credit_satang >= 0 AND credit_satang <= amount_satang", name="credit_range"
        ),
        sa.CheckConstraint(f"kind IN ({_sql_in(REPAYMENT_KINDS)})", name="kind_known"),
    )

    @property
    def method_label(self) -> str:
        return REPAYMENT_METHODS.get(self.method, self.method)


class RepaymentAllocation(TenantScoped, Model):
    __tablename__ = "welfare_repayment_allocation"
    __tenant_refs__ = {
        "repayment_id": "welfare_repayment:CASCADE",
        "installment_id": "welfare_installment:RESTRICT",
    }

    repayment_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    installment_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    component: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    amount_satang: Mapped[int] = mapped_column(Satang, nullable=False)

    __extra_table_args__ = (
        sa.CheckConstraint("component IN ('fee', 'interest', 'principal')", name="component_known"),
        sa.CheckConstraint("amount_satang > 0", name="amount_positive"),
    )


class Guarantor(TenantScoped, Model):
    __tablename__ = "welfare_guarantor"
    __tenant_refs__ = {"loan_id": "welfare_loan:CASCADE", "person_id": "person:RESTRICT"}

    loan_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    person_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    relation: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "loan_id", "person_id", name="uq_welfare_guarantor_once"),
    )


class LoanReschedule(TenantScoped, Model):
    """A new schedule for what is still owed, by resolution, with a reason."""

    __tablename__ = "welfare_loan_reschedule"
    __tenant_refs__ = {
        "loan_id": "welfare_loan:CASCADE",
        "resolution_id": "welfare_resolution:RESTRICT",
    }

    loan_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    resolution_id: Mapped[int] = mapped_column(BigId, nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    outstanding_satang: Mapped[int] = mapped_column(Satang, nullable=False)
    from_version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    to_version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    term: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    grace: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    starts_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    # The lateness the loan had when rescheduled: PAR keeps counting it until
    # the new schedule has been paid on time for a while.
    days_past_due: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    # End of the last period whose interest was already due (and carried).
    interest_through: Mapped[date | None] = mapped_column(sa.Date)
    carried_interest_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    carried_fee_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    # What the borrower owed in all before and after, shown to both sides.
    total_before_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    total_after_satang: Mapped[int] = mapped_column(Satang, nullable=False, default=0)
    created_by: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        UtcDateTime(), nullable=False, default=utcnow
    )

    __extra_table_args__ = (
        sa.UniqueConstraint(
            "tenant_id", "loan_id", "to_version", name="uq_welfare_loan_reschedule_version"
        ),
        sa.CheckConstraint("days_past_due >= 0", name="days_past_due_non_negative"),
    )
