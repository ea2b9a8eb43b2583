"""Loans in the background: borrower reminders every morning and the nightly
ageing of every active loan. Tasks take ids, set the tenant from an argument
and are safe to run twice."""

from __future__ import annotations

from datetime import date

from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context
from welfare.loans import reminders  # registers the reminders' templates in every worker process


def _day(iso: str | None) -> date:
    from core.ledger.services import today

    return date.fromisoformat(iso) if iso else today()


@celery.task(name="welfare.loans.send_reminders", acks_late=True)
def send_reminders(tenant_id: int, day: str | None = None) -> dict:
    """Reminders due, on the day and overdue for one tenant's borrowers."""
    from core.db import db

    with tenant_context(tenant_id):
        try:
            # committed every few hundred, so the first pushes leave at once
            sent = reminders.send_reminders(_day(day), checkpoint=db.session.commit)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return sent


@celery.task(name="welfare.loans.send_reminders_all", acks_late=True)
def send_reminders_all(day: str | None = None) -> int:
    from core.tenancy import crossing
    from welfare.models.loans import Loan

    return crossing.fan_out(Loan, send_reminders, day)


@celery.task(name="welfare.loans.age", acks_late=True)
def age(tenant_id: int, day: str | None = None) -> int:
    """Days past due of every active loan of one tenant (one UPDATE)."""
    from core.db import db
    from welfare.loans import queries

    with tenant_context(tenant_id):
        try:
            count = queries.age_all(_day(day))
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return count


@celery.task(name="welfare.loans.age_all", acks_late=True)
def age_all(day: str | None = None) -> int:
    from core.tenancy import crossing
    from welfare.models.loans import Loan

    return crossing.fan_out(Loan, age, day)


periodic("welfare.loans.ageing.nightly", "welfare.loans.age_all", crontab(hour=1, minute=15))
periodic(
    "welfare.loans.reminders.daily", "welfare.loans.send_reminders_all", crontab(hour=8, minute=0)
)
