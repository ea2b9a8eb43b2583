"""After disbursement: reschedule (by resolution, with a reason) and write-off
(by resolution; later money is a recovery). Flush, never commit."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.i18n.formatting import format_date
from core.ledger import services as ledger
from welfare.funds import accounts
from welfare.funds.services import get_fund
from welfare.governance import disbursements
from welfare.loans import errors, schedule
from welfare.loans.repayments import open_installments
from welfare.loans.services import get_loan, terms_of
from welfare.models.loans import Installment, LoanReschedule


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(field="reason")
    return reason[:2000]


def reschedule(
    loan_id: int,
    *,
    resolution_id: int,
    reason: str,
    term: int,
    starts_on: date,
    grace: int = 0,
    actor_id: int | None = None,
) -> LoanReschedule:
    """Replace the open installments with a new schedule for what is still
    owed. Arrears of interest and fees move to the new first installment
    (whole baht; any satang to the last). The principal does not change, so
    the ledger does not either."""
    reason = _reason(reason)
    loan = get_loan(loan_id, for_update=True)
    if loan.status != "active":
        raise errors.WrongStatus(status=loan.status_label)
    if not isinstance(starts_on, date):
        raise errors.BadTerms(field="starts_on")
    if starts_on < loan.disbursed_on:
        raise errors.DateBeforeDisbursement(date=format_date(loan.disbursed_on), field="starts_on")
    outstanding = loan.outstanding_satang
    if outstanding <= 0:
        raise errors.NothingOutstanding()
    old = open_installments(loan)
    interest = sum(i.interest_due - i.interest_paid for i in old)
    fee = sum(i.fee_due - i.fee_paid for i in old)
    terms = terms_of(loan, outstanding)
    terms = schedule.Terms(
        outstanding, terms.method, terms.annual_rate_bp, 0, term, terms.frequency, grace
    )
    try:
        lines = schedule.build(terms, starts_on)
    except schedule.ScheduleError as exc:
        raise errors.from_schedule(exc) from None
    with db.session.begin_nested():
        disbursements.use_resolution(
            resolution_id, outstanding, kinds={"reschedule"}, fund_id=loan.fund_id
        )
        db.session.execute(
            sa.update(Installment)
            .where(
                Installment.loan_id == loan.id,
                Installment.version == loan.schedule_version,
                Installment.status == "open",
            )
            .values(status="rescheduled")
            .execution_options(synchronize_session=False)
        )
        version = loan.schedule_version + 1
        for i, line in enumerate(lines):
            extra_interest = extra_fee = 0
            if i == 0:
                extra_interest, extra_fee = interest // 100 * 100, fee // 100 * 100
            if i == len(lines) - 1:
                extra_interest += interest % 100
                extra_fee += fee % 100
            db.session.add(
                Installment(
                    loan_id=loan.id,
                    version=version,
                    number=line.number,
                    due_on=line.due_on,
                    principal_due=line.principal,
                    interest_due=line.interest + extra_interest,
                    fee_due=line.fee + extra_fee,
                    status="open",
                )
            )
        change = LoanReschedule(
            loan_id=loan.id,
            resolution_id=resolution_id,
            reason=reason,
            outstanding_satang=outstanding,
            from_version=loan.schedule_version,
            to_version=version,
            term=term,
            grace=grace,
            starts_on=starts_on,
            created_by=actor_id,
        )
        db.session.add(change)
        loan.schedule_version = version
        loan.term = term
        loan.grace = grace
        db.session.flush()
    _expire_installments(loan.id)
    record(
        "welfare.loan.reschedule",
        actor_id=actor_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={
            "resolution_id": resolution_id,
            "reason": reason,
            "outstanding": outstanding,
            "term": term,
            "grace": grace,
            "starts_on": starts_on.isoformat(),
            "version": version,
        },
    )
    return change


def write_off(loan_id: int, *, resolution_id: int, reason: str, actor_id: int | None = None):
    """Write off the outstanding principal under a write-off resolution: the
    fund's loans receivable falls and the loss is an expense. Unpaid interest
    and fees were never income, so they simply lapse."""
    reason = _reason(reason)
    loan = get_loan(loan_id, for_update=True)
    if loan.status != "active":
        raise errors.WrongStatus(status=loan.status_label)
    amount = loan.outstanding_satang
    if amount <= 0:
        raise errors.NothingOutstanding()
    fund = get_fund(loan.fund_id)
    with db.session.begin_nested():
        disbursements.use_resolution(
            resolution_id, amount, kinds={"write_off"}, fund_id=loan.fund_id
        )
        ledger.post(
            entry_date=ledger.today(),
            memo=f"Write-off of loan {loan.number}: {reason}"[:500],
            lines=[
                (accounts.account(fund, "write_off_expense"), amount),
                (accounts.account(fund, "loans_receivable"), -amount),
            ],
            idempotency_key=f"welfare.loan.write_off:{loan.id}",
            source=f"welfare.loan:{loan.id}",
            actor_id=actor_id,
        )
        db.session.execute(
            sa.update(Installment)
            .where(Installment.loan_id == loan.id, Installment.status == "open")
            .values(status="written_off")
            .execution_options(synchronize_session=False)
        )
        loan.status = "written_off"
        loan.write_off_resolution_id = resolution_id
        loan.written_off_satang = amount
        loan.written_off_on = ledger.today()
        loan.outstanding_satang = 0
        loan.reject_reason = reason
        db.session.flush()
    _expire_installments(loan.id)
    record(
        "welfare.loan.write_off",
        actor_id=actor_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"resolution_id": resolution_id, "amount": amount, "reason": reason},
    )
    return loan


def _expire_installments(loan_id: int) -> None:
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Installment) and obj.loan_id == loan_id:
            db.session.expire(obj)


def reschedules_of(loan_id: int) -> list[LoanReschedule]:
    return list(
        db.session.scalars(
            sa.select(LoanReschedule)
            .where(LoanReschedule.loan_id == loan_id)
            .order_by(LoanReschedule.id)
        )
    )
