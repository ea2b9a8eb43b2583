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
from welfare.loans import ageing, errors, queries, restructure, schedule
from welfare.loans.repayments import total_owed
from welfare.loans.services import get_loan, terms_of
from welfare.models.loans import Installment, LoanReschedule


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(field="reason")
    return reason[:2000]


def _version_start(loan) -> date:
    """Where the interest already due on the current schedule starts: the
    last reschedule's ``interest_through`` (its start for older rows), or
    the disbursement."""
    last = db.session.scalar(
        sa.select(LoanReschedule).where(
            LoanReschedule.loan_id == loan.id, LoanReschedule.to_version == loan.schedule_version
        )
    )
    if last is None:
        return loan.disbursed_on
    return last.interest_through or last.starts_on


def _current_schedule(loan) -> list[Installment]:
    return list(
        db.session.scalars(
            sa.select(Installment)
            .where(Installment.loan_id == loan.id, Installment.version == loan.schedule_version)
            .order_by(Installment.due_on, Installment.number)
            .execution_options(populate_existing=True)
        )
    )


def _plan(loan, *, term, starts_on, grace, today: date) -> restructure.Plan:
    if loan.status != "active":
        raise errors.WrongStatus(status=loan.status_label)
    if not isinstance(starts_on, date):
        raise errors.BadTerms(field="starts_on")
    if starts_on < loan.disbursed_on:
        raise errors.DateBeforeDisbursement(date=format_date(loan.disbursed_on), field="starts_on")
    for name, value in (("term", term), ("grace", grace)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise errors.BadTerms(field=name)
    if loan.outstanding_satang <= 0:
        raise errors.NothingOutstanding()
    old = [
        restructure.Old(
            i.due_on,
            i.interest_due,
            i.interest_paid,
            i.fee_due,
            i.fee_paid,
            i.status == "open",
            i.arrears_interest,
            i.arrears_fee,
        )
        for i in _current_schedule(loan)
    ]
    base = terms_of(loan, loan.outstanding_satang)
    terms = schedule.Terms(
        loan.outstanding_satang, base.method, base.annual_rate_bp, 0, term, base.frequency, grace
    )
    version_start = _version_start(loan)
    through = restructure.interest_through(old, version_start, today)
    if starts_on < through:
        raise errors.RescheduleOverlaps(date=format_date(through), field="starts_on")
    try:
        return restructure.plan(
            loan.outstanding_satang,
            old,
            terms,
            starts_on=starts_on,
            version_start=version_start,
            today=today,
        )
    except schedule.ScheduleError as exc:
        raise errors.from_schedule(exc) from None


def preview(loan_id: int, *, term: int, starts_on: date, grace: int = 0) -> dict:
    """What a reschedule would carry over and cost, nothing written: the
    borrower's total before and after, for both sides to see first."""
    loan = get_loan(loan_id)
    plan = _plan(loan, term=term, starts_on=starts_on, grace=grace, today=ledger.today())
    return {
        "total_before": total_owed(loan),
        "total_after": plan.total_after,
        "carried_interest": plan.carried_interest,
        "carried_fee": plan.carried_fee,
        "new_interest": plan.new_interest,
        "credit": plan.credit,
        "lines": plan.lines,
    }


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
    owed (see :mod:`welfare.loans.restructure`): only interest and fees
    already due carry over, no period is charged twice, and the loan keeps
    the lateness it had for PAR. The principal does not change, so the
    ledger does not either."""
    reason = _reason(reason)
    loan = get_loan(loan_id, for_update=True)
    today = ledger.today()
    plan = _plan(loan, term=term, starts_on=starts_on, grace=grace, today=today)
    outstanding = loan.outstanding_satang
    before = total_owed(loan)
    lateness = max(ageing.days_past_due(_oldest_unpaid(loan, today), today), _frozen(loan, today))
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
        for line, (arrears_interest, arrears_fee) in zip(plan.lines, plan.arrears, strict=True):
            db.session.add(
                Installment(
                    loan_id=loan.id,
                    version=version,
                    number=line.number,
                    due_on=line.due_on,
                    principal_due=line.principal,
                    interest_due=line.interest,
                    fee_due=line.fee,
                    arrears_interest=arrears_interest,
                    arrears_fee=arrears_fee,
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
            days_past_due=lateness,
            interest_through=plan.interest_through,
            carried_interest_satang=plan.carried_interest,
            carried_fee_satang=plan.carried_fee,
            total_before_satang=before,
            total_after_satang=plan.total_after,
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
            "days_past_due": lateness,
            "carried_interest": plan.carried_interest,
            "carried_fee": plan.carried_fee,
            "total_before": before,
            "total_after": plan.total_after,
        },
    )
    return change


def _oldest_unpaid(loan, today: date) -> date | None:
    return db.session.scalar(
        sa.select(sa.func.min(Installment.due_on)).where(
            Installment.loan_id == loan.id,
            Installment.version == loan.schedule_version,
            Installment.status == "open",
            Installment.due_on < today,
        )
    )


def _frozen(loan, today: date) -> int:
    """The lateness a still-restructured loan carries from its last reschedule."""
    return queries.restructured_lateness(today, loan_id=loan.id).get(loan.id, 0)


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
