"""Revolving metrics of a fund's lending, for the loans pages and the fund's
transparency page (no personal data in what is returned)."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.ledger import services as ledger
from welfare.funds import accounts
from welfare.funds.services import get_fund
from welfare.loans import ageing
from welfare.models.loans import Installment, Loan, Repayment, RepaymentAllocation

DISBURSED = ("active", "closed", "written_off")


def fund_totals(fund_id: int) -> dict:
    """Money lent and repaid by one fund, in satang, with its ratios:

    - ``lent``: principal of every loan paid out; ``loans``, ``borrowers``;
    - ``repaid_principal``, ``interest_collected``, ``fees_collected``,
      ``repaid`` (all three), ``recovered`` after write-offs;
    - ``outstanding``: principal still owed (equals loans receivable);
    - ``written_off``;
    - ``repayment_rate``: of what fell due up to today, the share paid;
      principal written off counts as due and unpaid (recoveries as paid);
    - ``times_lent``: lent ÷ the fund's lendable capital (cash + bank +
      loans receivable) — how many times the capital has gone round;
    - ``borrowers_per_10000_baht_granted``;
    - ``par30_ratio``, ``par90_ratio``.
    """
    fund = get_fund(fund_id)
    loans = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.distinct(Loan.borrower_person_id)),
            sa.func.coalesce(sa.func.sum(Loan.principal_satang), 0),
            sa.func.coalesce(sa.func.sum(Loan.outstanding_satang), 0),
            sa.func.coalesce(sa.func.sum(Loan.written_off_satang), 0),
            sa.func.coalesce(sa.func.sum(Loan.recovered_satang), 0),
        ).where(Loan.fund_id == fund.id, Loan.status.in_(DISBURSED))
    ).one()
    count, borrowers, lent, outstanding, written_off, recovered = (int(v) for v in loans)
    parts = dict.fromkeys(("fee", "interest", "principal"), 0)
    rows = db.session.execute(
        sa.select(RepaymentAllocation.component, sa.func.sum(RepaymentAllocation.amount_satang))
        .join(
            Repayment,
            sa.and_(
                Repayment.id == RepaymentAllocation.repayment_id,
                Repayment.tenant_id == RepaymentAllocation.tenant_id,
            ),
        )
        .join(Loan, sa.and_(Loan.id == Repayment.loan_id, Loan.tenant_id == Repayment.tenant_id))
        .where(Loan.fund_id == fund.id)
        .group_by(RepaymentAllocation.component)
    ).all()
    for component, amount in rows:
        parts[component] = int(amount or 0)
    today = ledger.today()
    due, paid = _due_and_paid(fund.id, today)
    paid += recovered
    capital = sum(accounts.balance(fund, key) for key in ("cash", "bank", "loans_receivable"))
    granted = accounts.balance(fund, "grant_income")
    from welfare.loans.queries import par_report

    par = par_report(today, fund_id=fund.id)
    return {
        "fund_id": fund.id,
        "loans": count,
        "borrowers": borrowers,
        "lent": lent,
        "repaid_principal": parts["principal"],
        "interest_collected": parts["interest"],
        "fees_collected": parts["fee"],
        "repaid": parts["principal"] + parts["interest"] + parts["fee"],
        "outstanding": outstanding,
        "written_off": written_off,
        "recovered": recovered,
        "repayment_rate": ageing.ratio(paid, due) if due else 1.0,
        "times_lent": round(lent / capital, 2) if capital else 0.0,
        "borrowers_per_10000_baht_granted": round(borrowers * 1_000_000 / granted, 2)
        if granted
        else 0.0,
        "par30_ratio": par["par30_ratio"],
        "par90_ratio": par["par90_ratio"],
    }


def _due_and_paid(fund_id: int, today) -> tuple[int, int]:
    """What fell due up to ``today`` and what of it was paid: installments of
    the current schedules due by today, and every written-off installment
    (its principal, and whatever interest and fees it had collected)."""
    due_by_today = sa.and_(Installment.status.in_(("open", "paid")), Installment.due_on <= today)
    written_off = Installment.status == "written_off"
    total_due = Installment.principal_due + Installment.interest_due + Installment.fee_due
    total_paid = Installment.principal_paid + Installment.interest_paid + Installment.fee_paid
    due = sa.case(
        (due_by_today, total_due),
        (written_off, Installment.principal_due + Installment.interest_paid + Installment.fee_paid),
        else_=0,
    )
    paid = sa.case((sa.or_(due_by_today, written_off), total_paid), else_=0)
    row = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(due), 0), sa.func.coalesce(sa.func.sum(paid), 0))
        .join(Loan, sa.and_(Loan.id == Installment.loan_id, Loan.tenant_id == Installment.tenant_id))
        .where(Loan.fund_id == fund_id)
    ).one()
    return int(row[0]), int(row[1])
