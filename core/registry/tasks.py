"""Registry background work."""

from __future__ import annotations

from core.celery_app import celery
from core.tenancy.context import tenant_context


@celery.task(name="core.registry.import_households", acks_late=True)
def import_households(job_id: int, tenant_id: int) -> str:
    """Validate and import a CSV import job (safe to run twice)."""
    from core.registry import importer

    with tenant_context(tenant_id):
        return importer.run(job_id, tenant_id)
