"""PGS background work: the plot-register import and the daily certificate
job (expiry, end of suspensions, re-inspection reminders) on Celery beat."""

from __future__ import annotations

from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context
from producers.pgs import reminders  # noqa: F401  (registers the message templates)


@celery.task(name="producers.pgs.import_plots", acks_late=True)
def import_plots(job_id: int, tenant_id: int) -> str:
    from producers.pgs import importer

    with tenant_context(tenant_id):
        return importer.run(job_id, tenant_id)


@celery.task(name="producers.pgs.certificates_daily", acks_late=True)
def certificates_daily(tenant_id: int) -> dict:
    from core.db import db

    with tenant_context(tenant_id):
        try:
            summary = reminders.daily()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return summary


@celery.task(name="producers.pgs.certificates_daily_all", acks_late=True)
def certificates_daily_all() -> int:
    """Nightly: one task per tenant that holds certificates."""
    from core.tenancy import crossing
    from producers.models.pgs import Certificate

    return crossing.fan_out(Certificate, certificates_daily)


periodic(
    "producers.pgs.certificates.nightly",
    "producers.pgs.certificates_daily_all",
    crontab(hour=1, minute=15),
)
