"""``pansuk verify`` and ``pansuk seal``."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import with_appcontext


def _tenant_ids(slug: str | None) -> list[int]:
    from core.db import db
    from core.tenancy.models import Tenant

    stmt = sa.select(Tenant.id).order_by(Tenant.id)
    if slug:
        stmt = stmt.where(Tenant.slug == slug)
    return list(db.session.scalars(stmt))


@click.command("seal")
@click.option("--tenant", "slug", help="Only this tenant (slug).")
@with_appcontext
def seal_command(slug: str | None) -> None:
    """Seal new audit events and journal entries into their hash chains."""
    from core.integrity.tasks import seal_tenant

    total = sum(seal_tenant(t) for t in _tenant_ids(slug))
    click.echo(f"sealed {total} rows")


@click.command("verify")
@click.option("--tenant", "slug", help="Only this tenant (slug).")
@click.option("--no-seal", is_flag=True, help="Check only what is sealed already.")
@with_appcontext
def verify_command(slug: str | None, no_seal: bool) -> None:
    """Check every tenant's hash chains and that stored balances equal the journal."""
    from core.db import db
    from core.integrity.tasks import seal_tenant
    from core.integrity.verify import verify_tenant
    from core.tenancy.context import tenant_context

    failed = 0
    for tenant_id in _tenant_ids(slug):
        if not no_seal:
            seal_tenant(tenant_id)
        with tenant_context(tenant_id):
            report = verify_tenant(tenant_id)
        db.session.rollback()
        counts = ", ".join(f"{k} {v}" for k, v in report.checked.items())
        if report.ok:
            click.echo(f"tenant {tenant_id}: ok ({counts})")
        else:
            failed += 1
            click.echo(f"tenant {tenant_id}: FAILED ({counts})")
            for problem in report.problems:
                click.echo(f"  - {problem}")
    click.echo(
        "verify: all chains and balances hold"
        if not failed
        else f"verify: {failed} tenant(s) FAILED"
    )
    sys.exit(1 if failed else 0)
