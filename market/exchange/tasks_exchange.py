"""Overdue reminders for goods on loan: daily, one task per tenant with
overdue loans. Safe to run twice (one reminder per loan per day)."""

from __future__ import annotations

from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context


@celery.task(name="market.loan_overdue_reminders", acks_late=True)
def loan_overdue_reminders(tenant_id: int) -> int:
    from core.db import db
    from market.exchange import services

    with tenant_context(tenant_id):
        try:
            sent = services.remind_overdue()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return sent


@celery.task(name="market.loan_overdue_reminders_all", acks_late=True)
def loan_overdue_reminders_all() -> int:
    from core.tenancy import crossing
    from market.models.exchange import GoodsLoan

    return crossing.fan_out(GoodsLoan, loan_overdue_reminders)  # loans out; each task checks the due date


periodic(
    "market.loan_overdue_reminders.daily",
    "market.loan_overdue_reminders_all",
    crontab(hour=9, minute=0),
)
