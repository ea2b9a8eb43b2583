"""``pansuk tenants …`` — operator commands for organisations."""

from __future__ import annotations

import click
import sqlalchemy as sa

from core.db import db, transaction
from core.errors import DomainError
from core.tenancy.models import Tenant, TenantKind
from core.tenancy.queries import tenant_by_slug


@click.group(help="Organisations (tenants).")
def tenants() -> None:
    pass


@tenants.command("list")
def list_command() -> None:
    for t in db.session.scalars(sa.select(Tenant).order_by(Tenant.slug)):
        parent = t.parent.slug if t.parent else "-"
        click.echo(f"{t.slug:28} {t.kind:12} parent={parent:24} {t.name_th}")


@tenants.command("create")
@click.option("--slug", required=True)
@click.option("--name-th", required=True)
@click.option("--name-en", default="")
@click.option("--kind", type=click.Choice([k.value for k in TenantKind]), required=True)
@click.option("--parent", "parent_slug", default=None, help="Slug of the network it belongs to")
def create_command(slug, name_th, name_en, kind, parent_slug) -> None:
    from core.tenancy.services import create_tenant

    try:
        with transaction():
            parent = tenant_by_slug(parent_slug) if parent_slug else None
            if parent_slug and parent is None:
                raise click.UsageError(f"no tenant {parent_slug!r}")
            tenant = create_tenant(slug=slug, name_th=name_th, name_en=name_en, kind=kind, parent=parent)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {tenant.slug}")


@tenants.command("check-wall", help="Check that row-level security binds this database role (exit 1 if not).")
def check_wall_command() -> None:
    from core.tenancy import rls

    with db.engine.connect() as conn:
        problems = rls.wall_problems(conn)
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems and db.engine.dialect.name == "postgresql":
        raise SystemExit(1)
    if not problems:
        click.echo("row-level security binds this role; the tenant binding is accepted")
