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
@click.option("--admin", "admin_login", default=None,
              help="Email or phone of its administrator (an account is made if there is none)")
@click.option("--admin-name", default="", help="The administrator's name, for a new account")
def create_command(slug, name_th, name_en, kind, parent_slug, admin_login, admin_name) -> None:
    from core.auth import accounts, members
    from core.auth.cli import _echo_code
    from core.tenancy.context import tenant_context
    from core.tenancy.services import create_tenant

    invited = None
    try:
        with transaction():
            parent = tenant_by_slug(parent_slug) if parent_slug else None
            if parent_slug and parent is None:
                raise click.UsageError(f"no tenant {parent_slug!r}")
            tenant = create_tenant(slug=slug, name_th=name_th, name_en=name_en, kind=kind, parent=parent)
            if admin_login:
                admin, new = accounts.find_or_create(admin_login, admin_name or admin_login, field="admin")
                with tenant_context(tenant.id):
                    members.grant(None, tenant, admin, ["admin"])
                if new:
                    invited = (admin, *accounts.invite(admin, tenant_id=tenant.id))
    except DomainError as exc:
        where = f" ({exc.field})" if exc.field else ""
        raise click.ClickException(f"{exc}{where}") from exc
    click.echo(f"created {tenant.slug}")
    if admin_login:
        click.echo(f"  administrator: {admin_login}")
    if invited:
        _echo_code(*invited)


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
