"""Celery: seal every tenant's new rows every minute."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.celery_app import celery, periodic
from core.db import db
from core.tenancy.context import tenant_context


def seal_tenant(tenant_id: int) -> int:
    """Seal until nothing is left, one committed batch at a time. A racing
    sealer loses on the unique seal constraints and its batch is retried."""
    from core.integrity.services import seal_all_chains

    total = 0
    for _ in range(10_000):
        with tenant_context(tenant_id):
            try:
                done = seal_all_chains()
                db.session.commit()
            except sa.exc.IntegrityError:
                db.session.rollback()
                continue
        total += done
        if not done:
            return total
    return total


@celery.task(name="core.integrity.seal_all", acks_late=True)
def seal_all() -> int:
    from core.tenancy.models import Tenant

    tenant_ids = list(db.session.scalars(sa.select(Tenant.id)))
    db.session.rollback()
    return sum(seal_tenant(t) for t in tenant_ids)


periodic("integrity.seal", "core.integrity.seal_all", timedelta(minutes=1))
