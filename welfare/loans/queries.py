"""Read side: the ageing/PAR report and nightly ageing in set-based SQL,
collection sheets and what falls due (for reminders)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.db import db, is_postgres
from core.registry.models import Person
from welfare.loans import ageing, restructure
from welfare.models.governance import Disbursement
from welfare.models.loans import Installment, Loan, LoanReschedule

BOUNDS = ((0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90"))


def _oldest_unpaid(as_of: date):
    """Per active loan, the due date of its oldest open installment already due."""
    return (
        sa.select(
            Installment.loan_id.label("loan_id"), sa.func.min(Installment.due_on).label("oldest")
        )
        .where(Installment.status == "open", Installment.due_on < as_of)
        .group_by(Installment.loan_id)
        .subquery()
    )


def _rank_of_oldest(oldest, as_of: date):
    """The bucket's index in :data:`ageing.BUCKETS` from the oldest unpaid due date."""
    whens = [(oldest.is_(None), 0)]
    for rank, (days, _name) in enumerate(BOUNDS[1:], start=1):
        whens.append((oldest >= as_of - timedelta(days=days), rank))
    return sa.case(*whens, else_=len(BOUNDS))


def _rank_of_days(days):
    whens = [(days.is_(None), 0)]
    for rank, (bound, _name) in enumerate(BOUNDS):
        whens.append((days <= bound, rank))
    return sa.case(*whens, else_=len(BOUNDS))


def _restructured(as_of: date):
    """Active loans still *restructured* on ``as_of``: rescheduled while late
    and not yet :data:`restructure.RESTRUCTURED_ON_TIME_PAYMENTS` installments
    of the new schedule paid on time. Each with the lateness it had then."""
    on_time = (
        sa.select(sa.func.count())
        .where(
            Installment.loan_id == Loan.id,
            Installment.tenant_id == Loan.tenant_id,
            Installment.version == Loan.schedule_version,
            Installment.status == "paid",
            Installment.paid_on <= Installment.due_on,
            Installment.paid_on <= as_of,
        )
        .scalar_subquery()
    )
    return (
        sa.select(
            LoanReschedule.loan_id.label("loan_id"), LoanReschedule.days_past_due.label("days")
        )
        .join(
            Loan,
            sa.and_(
                Loan.id == LoanReschedule.loan_id,
                Loan.tenant_id == LoanReschedule.tenant_id,
                Loan.schedule_version == LoanReschedule.to_version,
            ),
        )
        .where(
            Loan.status == "active",
            LoanReschedule.days_past_due > 0,
            on_time < restructure.RESTRUCTURED_ON_TIME_PAYMENTS,
        )
    )


def days_past_due(loan_ids, as_of: date) -> dict[int, int]:
    """Loan id → days past due on ``as_of``, computed now (the nightly
    ``Loan.days_past_due`` is only a cache): one query for any number of
    loans; loans with nothing overdue are left out (0)."""
    ids = list(dict.fromkeys(loan_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Installment.loan_id, sa.func.min(Installment.due_on))
        .join(
            Loan,
            sa.and_(
                Loan.id == Installment.loan_id,
                Loan.tenant_id == Installment.tenant_id,
                Loan.schedule_version == Installment.version,
            ),
        )
        .where(
            Installment.loan_id.in_(ids),
            Installment.status == "open",
            Installment.due_on < as_of,
            Loan.status == "active",
        )
        .group_by(Installment.loan_id)
    )
    return {int(loan_id): ageing.days_past_due(oldest, as_of) for loan_id, oldest in rows}


def restructured_lateness(as_of: date, loan_id: int | None = None) -> dict[int, int]:
    """Loan id → the lateness PAR still counts for a restructured loan."""
    stmt = _restructured(as_of)
    if loan_id is not None:
        stmt = stmt.where(LoanReschedule.loan_id == loan_id)
    return {int(a): int(b) for a, b in db.session.execute(stmt).all()}


def par_report(as_of: date, fund_id: int | None = None) -> dict:
    """Ageing buckets (loans, outstanding principal) and PAR30/PAR90 of the
    active loans, in one GROUP BY over loans left-joined to their oldest
    unpaid installment. A restructured loan sits in the worse of its own
    bucket and that of the lateness it had when rescheduled, and is also
    reported under ``restructured``."""
    oldest = _oldest_unpaid(as_of)
    frozen = _restructured(as_of).subquery()
    own = _rank_of_oldest(oldest.c.oldest, as_of)
    kept = _rank_of_days(frozen.c.days)
    rank = sa.case((own >= kept, own), else_=kept).label("rank")
    restructured = sa.case((frozen.c.days.is_(None), 0), else_=1).label("restructured")
    stmt = (
        sa.select(
            rank,
            restructured,
            sa.func.count().label("loans"),
            sa.func.coalesce(sa.func.sum(Loan.outstanding_satang), 0).label("outstanding"),
        )
        .select_from(Loan)
        .outerjoin(oldest, oldest.c.loan_id == Loan.id)
        .outerjoin(frozen, frozen.c.loan_id == Loan.id)
        .where(Loan.status == "active")
        .group_by(rank, restructured)
    )
    if fund_id is not None:
        stmt = stmt.where(Loan.fund_id == fund_id)
    rows = db.session.execute(stmt).all()
    merged: dict[str, list[int]] = {}
    kept_loans = kept_outstanding = 0
    for r, is_restructured, loans, amount in rows:
        name = ageing.BUCKETS[int(r)]
        entry = merged.setdefault(name, [0, 0])
        entry[0] += int(loans)
        entry[1] += int(amount)
        if is_restructured:
            kept_loans += int(loans)
            kept_outstanding += int(amount)
    report = from_rows([(name, n, amount) for name, (n, amount) in merged.items()])
    report["restructured"] = {"loans": kept_loans, "outstanding": kept_outstanding}
    return report


def from_rows(rows) -> dict:
    buckets = {name: {"loans": 0, "outstanding": 0} for name in ageing.BUCKETS}
    for name, loans, outstanding in rows:
        buckets[name] = {"loans": int(loans), "outstanding": int(outstanding)}
    total = sum(b["outstanding"] for b in buckets.values())
    par30 = sum(buckets[n]["outstanding"] for n in ("31-60", "61-90", "over_90"))
    par90 = buckets["over_90"]["outstanding"]
    return {
        "buckets": buckets,
        "outstanding": total,
        "par30": par30,
        "par90": par90,
        "par30_ratio": ageing.ratio(par30, total),
        "par90_ratio": ageing.ratio(par90, total),
        "restructured": {"loans": 0, "outstanding": 0},
    }


def _days_between(later: date, earlier):
    if is_postgres():
        return sa.literal(later, sa.Date) - earlier
    return sa.cast(
        sa.func.julianday(sa.literal(later.isoformat())) - sa.func.julianday(earlier), sa.Integer
    )


def age_all(as_of: date) -> int:
    """Nightly ageing: every active loan's days past due, in one UPDATE."""
    oldest = (
        sa.select(sa.func.min(Installment.due_on))
        .where(
            Installment.loan_id == Loan.id,
            Installment.tenant_id == Loan.tenant_id,
            Installment.status == "open",
            Installment.due_on < as_of,
        )
        .scalar_subquery()
    )
    result = db.session.execute(
        sa.update(Loan)
        .where(Loan.status == "active")
        .values(days_past_due=sa.func.coalesce(_days_between(as_of, oldest), 0), aged_on=as_of)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def arrears(as_of: date, fund_id: int | None = None, limit: int = 200) -> list[dict]:
    """Active loans with something overdue, most overdue first."""
    oldest = _oldest_unpaid(as_of)
    stmt = (
        sa.select(Loan, oldest.c.oldest)
        .join(oldest, oldest.c.loan_id == Loan.id)
        .where(Loan.status == "active")
        .order_by(oldest.c.oldest, Loan.id)
        .limit(limit)
    )
    if fund_id is not None:
        stmt = stmt.where(Loan.fund_id == fund_id)
    return [
        {
            "loan": loan,
            "oldest": due,
            "days": ageing.days_past_due(due, as_of),
            "bucket": ageing.bucket(ageing.days_past_due(due, as_of)),
        }
        for loan, due in db.session.execute(stmt).all()
    ]


def collection_sheet(
    *, group_id: int | None = None, fund_id: int | None = None, as_of: date
) -> list[dict]:
    """For a meeting: each active loan of the group (or fund) with what is due
    by ``as_of`` (arrears included) and its outstanding principal."""
    due = (
        sa.select(
            Installment.loan_id.label("loan_id"),
            sa.func.sum(
                Installment.principal_due
                - Installment.principal_paid
                + Installment.interest_due
                - Installment.interest_paid
                + Installment.fee_due
                - Installment.fee_paid
            ).label("due"),
            sa.func.min(Installment.due_on).label("oldest"),
        )
        .where(Installment.status == "open", Installment.due_on <= as_of)
        .group_by(Installment.loan_id)
        .subquery()
    )
    stmt = (
        sa.select(Loan, sa.func.coalesce(due.c.due, 0), due.c.oldest)
        .outerjoin(due, due.c.loan_id == Loan.id)
        .where(Loan.status == "active")
        .order_by(Loan.id)
    )
    if group_id is not None:
        stmt = stmt.where(Loan.group_id == group_id)
    if fund_id is not None:
        stmt = stmt.where(Loan.fund_id == fund_id)
    return [
        {"loan": loan, "due": int(amount), "days": ageing.days_past_due(oldest, as_of)}
        for loan, amount, oldest in db.session.execute(stmt).all()
    ]


def installments_due_on(day: date) -> list[Installment]:
    """Open installments of active loans due on ``day`` (current schedules)."""
    return list(
        db.session.scalars(
            sa.select(Installment)
            .join(
                Loan,
                sa.and_(Loan.id == Installment.loan_id, Loan.tenant_id == Installment.tenant_id),
            )
            .where(
                Installment.status == "open",
                Installment.due_on == day,
                Loan.status == "active",
                Installment.version == Loan.schedule_version,
            )
            .order_by(Installment.id)
        )
    )


def installments_overdue(as_of: date, limit: int = 5000) -> list[Installment]:
    return list(
        db.session.scalars(
            sa.select(Installment)
            .join(
                Loan,
                sa.and_(Loan.id == Installment.loan_id, Loan.tenant_id == Installment.tenant_id),
            )
            .where(
                Installment.status == "open",
                Installment.due_on < as_of,
                Loan.status == "active",
                Installment.version == Loan.schedule_version,
            )
            .order_by(Installment.id)
            .limit(limit)
        )
    )


def loans_of_person(person_id: int, fund_id: int | None = None) -> list[Loan]:
    """A borrower's loans (for the member statement), newest first."""
    stmt = sa.select(Loan).where(Loan.borrower_person_id == person_id).order_by(Loan.id.desc())
    if fund_id is not None:
        stmt = stmt.where(Loan.fund_id == fund_id)
    return list(db.session.scalars(stmt))


def people_by_ids(person_ids) -> list[Person]:
    """The people with these ids (any order); none for an empty set."""
    ids = {i for i in person_ids if i}
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Person).where(Person.id.in_(ids))))


def disbursement_of(loan: Loan) -> Disbursement | None:
    """The disbursement that paid the loan out, if any."""
    return db.session.get(Disbursement, loan.disbursement_id) if loan.disbursement_id else None
