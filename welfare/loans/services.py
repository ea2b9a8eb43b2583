"""Loan verbs up to the money going out: products, applications, guarantors,
group loans, the disbursement request (W1's M-of-N approval) and activation
when it is paid. Flush, never commit; the actor is an argument.

Repayments are in :mod:`.repayments`; reschedules and write-offs in
:mod:`.lifecycle`.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.i18n.formatting import format_thb
from core.ledger import services as ledger
from core.registry.models import Person
from welfare.funds.services import get_fund
from welfare.governance import disbursements
from welfare.governance import errors as governance_errors
from welfare.loans import allocation, errors, schedule
from welfare.loans.labels import loan_title
from welfare.models.governance import Disbursement
from welfare.models.loans import Guarantor, Installment, Loan, LoanGroup, LoanProduct

TARGET = "welfare.loan"
PRODUCT_FIELDS = (
    "name",
    "method",
    "annual_rate_bp",
    "fee_satang",
    "term",
    "frequency",
    "grace",
    "max_amount_satang",
    "allocation_order",
    "allocation_strategy",
    "active",
)


# --- products -----------------------------------------------------------------


def get_product(product_id: int) -> LoanProduct:
    product = db.session.scalar(sa.select(LoanProduct).where(LoanProduct.id == product_id))
    if product is None:
        raise errors.ProductNotFound(field="product_id")
    return product


def list_products(fund_id: int | None = None, *, active_only: bool = False) -> list[LoanProduct]:
    stmt = sa.select(LoanProduct).order_by(LoanProduct.name)
    if fund_id is not None:
        stmt = stmt.where(LoanProduct.fund_id == fund_id)
    if active_only:
        stmt = stmt.where(LoanProduct.active)
    return list(db.session.scalars(stmt))


def _int(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.BadTerms(field=field)
    return value


def create_product(
    *,
    fund_id: int,
    name: str,
    method: str = "zero",
    annual_rate_bp: int = 0,
    fee_satang: int = 0,
    term: int = 12,
    frequency: str = "monthly",
    grace: int = 0,
    max_amount_satang: int | None = None,
    allocation_order: str = allocation.DEFAULT_ORDER,
    allocation_strategy: str = "installment",
    actor_id: int | None = None,
) -> LoanProduct:
    fund = get_fund(fund_id)
    if not fund.allows_lending:
        raise errors.LendingForbidden()
    name = (name or "").strip()[:200]
    if not name:
        raise errors.NameRequired(field="name")
    if db.session.scalar(
        sa.select(LoanProduct.id).where(LoanProduct.fund_id == fund.id, LoanProduct.name == name)
    ):
        raise errors.NameTaken(field="name")
    terms = schedule.Terms(
        principal=max(_int(term, "term"), 1) * schedule.BAHT,
        method=method,
        annual_rate_bp=_int(annual_rate_bp, "rate"),
        fee=_int(fee_satang, "fee"),
        term=term,
        frequency=frequency,
        grace=_int(grace, "grace"),
    )
    try:
        schedule.check(terms)
    except schedule.ScheduleError as exc:
        raise errors.from_schedule(exc) from None
    if max_amount_satang is not None and _int(max_amount_satang, "max_amount") <= 0:
        raise errors.AmountNotPositive(field="max_amount")
    try:
        order = ",".join(allocation.parse_order(allocation_order))
    except ValueError:
        raise errors.BadAllocationOrder(field="allocation_order") from None
    if allocation_strategy not in allocation.STRATEGIES:
        raise errors.BadAllocationOrder(field="allocation_strategy")
    product = LoanProduct(
        fund_id=fund.id,
        name=name,
        method=method,
        annual_rate_bp=annual_rate_bp,
        fee_satang=fee_satang,
        term=term,
        frequency=frequency,
        grace=grace,
        max_amount_satang=max_amount_satang,
        allocation_order=order,
        allocation_strategy=allocation_strategy,
        active=True,
    )
    db.session.add(product)
    db.session.flush()
    record(
        "welfare.loan_product.create",
        actor_id=actor_id,
        target_type="welfare_loan_product",
        target_id=product.id,
        after={f: getattr(product, f) for f in PRODUCT_FIELDS},
    )
    return product


def terms_of(loan: Loan, principal: int | None = None) -> schedule.Terms:
    return schedule.Terms(
        principal=loan.principal_satang if principal is None else principal,
        method=loan.method,
        annual_rate_bp=loan.annual_rate_bp,
        fee=loan.fee_satang,
        term=loan.term,
        frequency=loan.frequency,
        grace=loan.grace,
    )


# --- groups -----------------------------------------------------------------------


def get_group(group_id: int) -> LoanGroup:
    group = db.session.scalar(sa.select(LoanGroup).where(LoanGroup.id == group_id))
    if group is None:
        raise errors.GroupNotFound(field="group_id")
    return group


def list_groups(fund_id: int | None = None) -> list[LoanGroup]:
    stmt = sa.select(LoanGroup).order_by(LoanGroup.name)
    if fund_id is not None:
        stmt = stmt.where(LoanGroup.fund_id == fund_id)
    return list(db.session.scalars(stmt))


def create_group(
    *, fund_id: int, name: str, meeting_place: str = "", actor_id: int | None = None
) -> LoanGroup:
    fund = get_fund(fund_id)
    name = (name or "").strip()[:200]
    if not name:
        raise errors.NameRequired(field="name")
    if db.session.scalar(
        sa.select(LoanGroup.id).where(LoanGroup.fund_id == fund.id, LoanGroup.name == name)
    ):
        raise errors.NameTaken(field="name")
    group = LoanGroup(fund_id=fund.id, name=name, meeting_place=(meeting_place or "").strip()[:200])
    db.session.add(group)
    db.session.flush()
    record(
        "welfare.loan_group.create",
        actor_id=actor_id,
        target_type="welfare_loan_group",
        target_id=group.id,
        after={"name": name, "fund_id": fund.id},
    )
    return group


def group_loans(group_id: int) -> list[Loan]:
    return list(
        db.session.scalars(sa.select(Loan).where(Loan.group_id == group_id).order_by(Loan.id))
    )


# --- applications -------------------------------------------------------------------


def get_loan(loan_id: int, *, for_update: bool = False) -> Loan:
    stmt = sa.select(Loan).where(Loan.id == loan_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    loan = db.session.scalar(stmt)
    if loan is None:
        raise errors.LoanNotFound(field="loan_id")
    return loan


def loans_query(fund_id: int | None = None, status: str | None = None) -> sa.Select:
    """Loans, newest first, of one fund and/or in one status."""
    stmt = sa.select(Loan).order_by(Loan.id.desc())
    if fund_id is not None:
        stmt = stmt.where(Loan.fund_id == fund_id)
    if status:
        stmt = stmt.where(Loan.status == status)
    return stmt


def list_loans(
    fund_id: int | None = None, status: str | None = None, limit: int = 500
) -> list[Loan]:
    return list(db.session.scalars(loans_query(fund_id, status).limit(limit)))


def _person(person_id, field: str) -> Person:
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        raise errors.BorrowerNotFound(field=field)
    person = db.session.scalar(sa.select(Person).where(Person.id == person_id))
    if person is None:
        raise errors.BorrowerNotFound(field=field)
    return person


def apply(
    *,
    fund_id: int,
    product_id: int,
    borrower_person_id: int,
    principal_satang: int,
    purpose: str = "",
    applied_on: date | None = None,
    guarantor_person_ids: list[int] = (),
    group_id: int | None = None,
    actor_id: int | None = None,
) -> Loan:
    """A loan application on a product's terms, with optional guarantors."""
    fund = get_fund(fund_id)
    if not fund.allows_lending:
        raise errors.LendingForbidden()
    product = get_product(product_id)
    if product.fund_id != fund.id:
        raise errors.ProductOfAnotherFund(field="product_id")
    if not product.active:
        raise errors.ProductInactive(field="product_id")
    if (
        isinstance(principal_satang, bool)
        or not isinstance(principal_satang, int)
        or principal_satang <= 0
    ):
        raise errors.AmountNotPositive(field="amount")
    if product.max_amount_satang is not None and principal_satang > product.max_amount_satang:
        raise errors.AmountOverProductMax(max=format_thb(product.max_amount_satang), field="amount")
    borrower = _person(borrower_person_id, "borrower_person_id")
    if group_id is not None and get_group(group_id).fund_id != fund.id:
        raise errors.GroupNotFound(field="group_id")
    loan = Loan(
        fund_id=fund.id,
        product_id=product.id,
        borrower_person_id=borrower.id,
        group_id=group_id,
        purpose=(purpose or "").strip()[:2000],
        principal_satang=principal_satang,
        method=product.method,
        annual_rate_bp=product.annual_rate_bp,
        fee_satang=product.fee_satang,
        term=product.term,
        frequency=product.frequency,
        grace=product.grace,
        allocation_order=product.allocation_order,
        allocation_strategy=product.allocation_strategy,
        status="applied",
        applied_on=applied_on or ledger.today(),
        outstanding_satang=0,
        created_by=actor_id,
    )
    try:
        schedule.check(terms_of(loan))
    except schedule.ScheduleError as exc:
        raise errors.from_schedule(exc) from None
    db.session.add(loan)
    db.session.flush()
    loan.number = f"L{loan.id:05d}"
    for person_id in dict.fromkeys(guarantor_person_ids or ()):
        add_guarantor(loan, person_id, actor_id=actor_id)
    db.session.flush()
    record(
        "welfare.loan.apply",
        actor_id=actor_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={
            "fund_id": fund.id,
            "product_id": product.id,
            "borrower_person_id": borrower.id,
            "principal_satang": principal_satang,
            "group_id": group_id,
        },
    )
    return loan


def add_guarantor(
    loan: Loan, person_id: int, *, relation: str = "", actor_id: int | None = None
) -> Guarantor:
    person = _person(person_id, "guarantor_person_id")
    if person.id == loan.borrower_person_id:
        raise errors.GuarantorIsBorrower(field="guarantor_person_id")
    existing = db.session.scalar(
        sa.select(Guarantor).where(Guarantor.loan_id == loan.id, Guarantor.person_id == person.id)
    )
    if existing is not None:
        return existing
    guarantor = Guarantor(
        loan_id=loan.id, person_id=person.id, relation=(relation or "").strip()[:100]
    )
    db.session.add(guarantor)
    db.session.flush()
    record(
        "welfare.loan.guarantor",
        actor_id=actor_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"person_id": person.id},
    )
    return guarantor


def guarantors(loan_id: int) -> list[Guarantor]:
    return list(
        db.session.scalars(
            sa.select(Guarantor).where(Guarantor.loan_id == loan_id).order_by(Guarantor.id)
        )
    )


def cancel(loan_id: int, *, reason: str, actor_id: int | None = None) -> Loan:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(field="reason")
    loan = get_loan(loan_id, for_update=True)
    if loan.status != "applied":
        raise errors.WrongStatus(status=loan.status_label)
    loan.status = "cancelled"
    loan.reject_reason = reason[:2000]
    db.session.flush()
    record(
        "welfare.loan.cancel",
        actor_id=actor_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"reason": reason},
    )
    return loan


# --- approval and disbursement ---------------------------------------------------------


PAY_FROM = ("cash", "bank")


def request_disbursement(
    loan_id: int,
    *,
    resolution_id: int,
    requested_by: int,
    pay_from: str = "cash",
    ip: str | None = None,
) -> Loan:
    """Ask the fund's signatories to pay the loan out under a loan resolution,
    from the fund's cash or bank account. The amount is reserved against the
    resolution now (the fund's governance)."""
    if pay_from not in PAY_FROM:
        raise errors.UnknownMethod(field="pay_from")
    loan = get_loan(loan_id, for_update=True)
    if loan.status != "applied":
        raise errors.WrongStatus(status=loan.status_label)
    if isinstance(resolution_id, bool) or not isinstance(resolution_id, int):
        raise governance_errors.ResolutionNotFound(field="resolution_id")
    disbursement = disbursements.request(
        fund_id=loan.fund_id,
        resolution_id=resolution_id,
        amount_satang=loan.principal_satang,
        purpose=f"{loan_title(loan.number)}: {loan.purpose}"[:500] if loan.purpose else loan_title(loan.number),
        target_type=TARGET,
        target_id=loan.id,
        requested_by=requested_by,
        debit_key="loans_receivable",
        credit_key=pay_from,
        ip=ip,
    )
    loan.resolution_id = resolution_id
    loan.disbursement_id = disbursement.id
    loan.status = "pending"
    db.session.flush()
    record(
        "welfare.loan.request_disbursement",
        actor_id=requested_by,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"disbursement_id": disbursement.id, "resolution_id": resolution_id},
        ip=ip,
    )
    return loan


def request_group_disbursements(
    group_id: int, *, resolution_id: int, requested_by: int, pay_from: str = "cash"
) -> list[Loan]:
    """Every applied loan of a group, under the group's one resolution (all or nothing)."""
    group = get_group(group_id)
    loans = [loan for loan in group_loans(group.id) if loan.status == "applied"]
    if not loans:
        raise errors.WrongStatus(status="—")
    with db.session.begin_nested():
        done = [
            request_disbursement(
                loan.id, resolution_id=resolution_id, requested_by=requested_by, pay_from=pay_from
            )
            for loan in loans
        ]
        group.resolution_id = resolution_id
        db.session.flush()
    return done


def activate(disbursement: Disbursement) -> None:
    """Called when the loan's disbursement is paid: the loan becomes active and
    gets its schedule. Safe to call twice."""
    loan = get_loan(disbursement.target_id, for_update=True)
    if loan.status != "pending" or loan.disbursement_id != disbursement.id:
        return
    disbursed_on = ledger.today()
    lines = schedule.build(terms_of(loan), disbursed_on)
    db.session.add_all(
        Installment(
            loan_id=loan.id,
            version=1,
            number=line.number,
            due_on=line.due_on,
            principal_due=line.principal,
            interest_due=line.interest,
            fee_due=line.fee,
            status="open",
        )
        for line in lines
    )
    loan.status = "active"
    loan.disbursed_on = disbursed_on
    loan.schedule_version = 1
    loan.outstanding_satang = loan.principal_satang
    db.session.flush()
    record(
        "welfare.loan.activate",
        actor_id=None,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"disbursed_on": disbursed_on.isoformat(), "installments": len(lines)},
    )


disbursements.on_paid(TARGET, activate)


def sync_rejected(loan: Loan) -> Loan:
    """A loan whose disbursement the signatories rejected is rejected too."""
    if loan.status == "pending" and loan.disbursement_id is not None:
        disbursement = db.session.get(Disbursement, loan.disbursement_id)
        if disbursement is not None and disbursement.status == "rejected":
            loan.status = "rejected"
            loan.reject_reason = disbursement.reject_reason
            db.session.flush()
    return loan


def installments(
    loan_id: int, *, version: int | None = None, all_versions: bool = False
) -> list[Installment]:
    stmt = sa.select(Installment).where(Installment.loan_id == loan_id)
    if not all_versions:
        if version is None:
            version = db.session.scalar(sa.select(Loan.schedule_version).where(Loan.id == loan_id))
        stmt = stmt.where(Installment.version == version)
    return list(db.session.scalars(stmt.order_by(Installment.version, Installment.number)))


def get_installment(installment_id: int) -> Installment:
    item = db.session.scalar(sa.select(Installment).where(Installment.id == installment_id))
    if item is None:
        raise errors.InstallmentNotFound(field="installment_id")
    return item
