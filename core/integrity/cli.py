"""``pansuk verify`` and ``pansuk seal``."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import with_appcontext


def _tenants(slug: str | None) -> list[tuple[int, str]]:
    from core.db import db
    from core.tenancy.models import Tenant

    stmt = sa.select(Tenant.id, Tenant.slug).order_by(Tenant.id)
    if slug:
        stmt = stmt.where(Tenant.slug == slug)
    return [tuple(row) for row in db.session.execute(stmt)]


def _tenant_ids(slug: str | None) -> list[int]:
    return [tenant_id for tenant_id, _ in _tenants(slug)]


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
    for tenant_id, tenant_slug in _tenants(slug):
        if not no_seal:
            seal_tenant(tenant_id)
        with tenant_context(tenant_id):
            report = verify_tenant(tenant_id)
        db.session.rollback()
        counts = ", ".join(f"{k} {v}" for k, v in report.checked.items())
        # Keep these lines: a head printed today shows a rollback of the database tomorrow.
        heads = "; ".join(f"{k} head {n} {h[:16]}" for k, (n, h) in report.heads.items())
        if report.ok:
            click.echo(f"tenant {tenant_id} ({tenant_slug}): ok ({counts}) {heads}".rstrip())
        else:
            failed += 1
            click.echo(f"tenant {tenant_id} ({tenant_slug}): FAILED ({counts}) {heads}".rstrip())
            for problem in report.problems:
                click.echo(f"  - {problem}")
    click.echo(
        "verify: all chains and balances hold"
        if not failed
        else f"verify: {failed} tenant(s) FAILED"
    )
    sys.exit(1 if failed else 0)
