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
    from core.db import db
    from core.tenancy import crossing
    from market.models.exchange import GoodsLoan

    tenant_ids = crossing.tenants_having(GoodsLoan)  # loans out; each task checks the due date
    db.session.commit()
    for tenant_id in tenant_ids:
        loan_overdue_reminders.delay(tenant_id)
    return len(tenant_ids)


periodic(
    "market.loan_overdue_reminders.daily",
    "market.loan_overdue_reminders_all",
    crontab(hour=9, minute=0),
)
