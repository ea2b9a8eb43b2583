"""``pansuk secrets …``: operator commands for the provider secrets kept in
tenant settings (see :mod:`core.secret_encryption`)."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from core import secret_encryption


def rotate_tenant(tenant_id: int) -> list[str]:
    """Re-encrypt one tenant's secrets with the first key, in its own
    transaction and tenant context. Returns the ``section.field`` names
    rewritten; SecretUnreadable (nothing written) when a key is missing."""
    from core.db import db, transaction
    from core.tenancy.context import tenant_context
    from core.tenancy.models import Tenant

    with tenant_context(tenant_id), transaction():
        tenant = db.session.get(Tenant, tenant_id, populate_existing=True)
        settings, rewritten = secret_encryption.reseal_settings(tenant.settings or {})
        if rewritten:
            tenant.settings = settings
            db.session.flush()
    return rewritten


def _declare_all() -> None:
    """Import the modules that declare which settings are secrets."""
    import core.notifications.settings  # noqa: F401
    import core.payments.stripe.settings  # noqa: F401


@click.group(help="Provider secrets kept encrypted in the organisations' settings.")
def secrets() -> None:
    pass


@secrets.command("rotate")
@with_appcontext
def rotate_command() -> None:
    """Re-encrypt every stored secret with the first key of SECRETS_KEYS
    (secrets stored in clear before encryption are encrypted too)."""
    from core.db import db
    from core.tenancy.models import Tenant

    _declare_all()
    tenant_ids = list(db.session.scalars(sa.select(Tenant.id).order_by(Tenant.id)))
    db.session.rollback()
    total, failed = 0, 0
    for tenant_id in tenant_ids:
        try:
            total += len(rotate_tenant(tenant_id))
        except secret_encryption.SecretUnreadable as exc:
            failed += 1
            click.echo(f"tenant {tenant_id}: {exc} cannot be decrypted with any key in SECRETS_KEYS; left as it was")
    click.echo(f"re-encrypted {total} secrets in {len(tenant_ids)} organisations")
    if failed:
        sys.exit(1)
