"""Bank statement imports and reconciliation in the background: on demand
from the pages, and nightly for every tenant with a bank account."""

from __future__ import annotations

from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context


@celery.task(name="core.payments.import_statement", acks_late=True)
def import_statement(import_id: int, tenant_id: int) -> str:
    """Validate and import a statement file (safe to run twice)."""
    from core.payments.statements import importer as statement_import

    with tenant_context(tenant_id):
        return statement_import.run(import_id, tenant_id)


@celery.task(name="core.payments.reconcile", acks_late=True)
def reconcile(tenant_id: int, bank_account_id: int | None = None) -> dict:
    """Match one tenant's statement lines (one account, or all). Idempotent:
    a second run finds nothing more to match."""
    from core.audit.services import record
    from core.db import db
    from core.payments.reconciliation import matching as reconciliation

    with tenant_context(tenant_id):
        try:
            outcomes = reconciliation.reconcile_tenant(bank_account_id)
            summary = {str(k): {"ref1": o.by_ref1, "amount_date": o.by_amount_date, "ambiguous": o.ambiguous}
                       for k, o in outcomes.items()}
            if any(o.matched or o.ambiguous for o in outcomes.values()):
                record("payments.recon.run", actor_id=None, target_type="bank_account",
                       target_id=bank_account_id, after=summary)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return summary


@celery.task(name="core.payments.reconcile_all", acks_late=True)
def reconcile_all() -> int:
    """Nightly: one reconcile task per tenant that has a bank account."""
    from core.payments.statements.models import BankAccount
    from core.tenancy import crossing

    return crossing.fan_out(BankAccount, reconcile)


periodic("payments.reconcile.nightly", "core.payments.reconcile_all", crontab(hour=2, minute=30))


@celery.task(name="core.payments.sync_stripe_payouts", acks_late=True)
def sync_stripe_payouts(tenant_id: int) -> dict:
    """Fetch one tenant's Stripe payouts and their balance transactions with
    its own keys (idempotent upserts), then link them to payments."""
    from core.db import db
    from core.payments.payouts import services as payouts
    from core.payments.stripe.gateway import StripeNotConfigured
    from core.tenancy.models import Tenant

    with tenant_context(tenant_id):
        try:
            summary = payouts.sync(db.session.get(Tenant, tenant_id))
            db.session.commit()
        except StripeNotConfigured:
            db.session.rollback()
            return {"payouts": 0, "transactions": 0, "linked": 0, "not_configured": True}
        except BaseException:
            db.session.rollback()
            raise
    return summary


@celery.task(name="core.payments.sync_stripe_payouts_all", acks_late=True)
def sync_stripe_payouts_all() -> int:
    """Nightly, before reconciliation: every tenant with Stripe set up."""
    import sqlalchemy as sa

    from core.db import db
    from core.payments.stripe import settings as stripe_settings
    from core.tenancy.models import Tenant

    tenants = list(db.session.scalars(sa.select(Tenant).order_by(Tenant.id)))
    tenant_ids = [t.id for t in tenants if stripe_settings.stored(t).get("secret_key")
                  or stripe_settings.stored(t).get("connect_account_id")]
    db.session.commit()
    for tenant_id in tenant_ids:
        sync_stripe_payouts.delay(tenant_id)
    return len(tenant_ids)


periodic("payments.stripe_payouts.nightly", "core.payments.sync_stripe_payouts_all", crontab(hour=2, minute=0))
