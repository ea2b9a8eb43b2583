"""Read side of the Stripe webhook: which tenant and which payment an event
names, and whether a refund was already recorded.

The tenant look-up runs before any tenant is in context (a tenant row is not
tenant-scoped); the payment and refund look-ups run in the tenant the webhook
entered, so the session's tenant scoping applies to them as to any query."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.payments.models import Payment, Refund
from core.tenancy.models import Tenant


def tenant(tenant_id: int) -> Tenant | None:
    return db.session.get(Tenant, tenant_id)


def payment(payment_id: int) -> Payment | None:
    """A payment by id through a query (not the identity map), so the tenant
    in context scopes it."""
    return db.session.scalar(sa.select(Payment).where(Payment.id == payment_id))


def refund_recorded(provider_ref: str) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Refund).where(Refund.provider_ref == provider_ref)
        )
    )
