"""``pansuk users …`` and ``pansuk members …``: the way into a new server that
is not the demo. The operator makes the first accounts and gives them roles;
each new account gets a one-time code to set its own password, printed here
to hand over (nobody else ever knows the password).

Every command runs in one transaction: a refusal writes nothing."""

from __future__ import annotations

import click
from flask import current_app

from core.db import db, transaction
from core.errors import DomainError
from core.tenancy.models import ALL_ROLES


def _fail(exc: DomainError) -> click.ClickException:
    where = f" ({exc.field})" if exc.field else ""
    return click.ClickException(f"{exc}{where}")


def reset_link(code: str) -> str:
    """Where the code is typed in; a full address when ``BASE_URL`` is set."""
    from core.auth.rules import show_code

    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    return f"{base}/password/reset?code={show_code(code)}"


def _echo_code(user, row, code: str) -> None:
    from core.auth.rules import show_code
    from core.i18n.formatting import format_datetime

    who = user.email or user.phone
    click.echo(f"one-time code for {who}: {show_code(code)}")
    click.echo(f"  valid until {format_datetime(row.expires_at, 'long')} (Bangkok time), once")
    click.echo(f"  the person opens {reset_link(code)}")
    click.echo("  and types their phone number or email, this code and a new password.")
    if not current_app.config.get("BASE_URL"):
        click.echo("  (set BASE_URL to print the full address of the site)")


def _tenant(slug: str):
    from core.tenancy.queries import tenant_by_slug

    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.UsageError(f"no organisation {slug!r} (see: pansuk tenants list)")
    return tenant


_ROLES = click.Choice(ALL_ROLES)


@click.group(help="Accounts: create, set-password codes, deactivate.")
def users() -> None:
    pass


@users.command("create")
@click.argument("login")
@click.option("--name", "display_name", required=True, help="The person's name as shown to others")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True)
@click.option("--tenant", "slug", default=None, help="Also make them a member of this organisation")
@click.option("--role", "roles", multiple=True, type=_ROLES, help="Roles there (repeat); default admin")
def create_command(login, display_name, lang, slug, roles) -> None:
    """Create an account for LOGIN (an email or a Thai mobile number) and print
    a one-time code with which its owner sets their password."""
    from core.auth import accounts, members
    from core.tenancy.context import tenant_context

    if roles and not slug:
        raise click.UsageError("--role needs --tenant: roles are held in an organisation")
    try:
        with transaction():
            user = accounts.create_account(login, display_name, lang=lang)
            tenant = _tenant(slug) if slug else None
            if tenant is not None:
                with tenant_context(tenant.id):
                    members.grant(None, tenant, user, list(roles) or ["admin"])
            row, code = accounts.invite(user, tenant_id=tenant.id if tenant else None)
    except DomainError as exc:
        raise _fail(exc) from None
    click.echo(f"created account {user.email or user.phone} ({user.display_name})")
    if tenant is not None:
        click.echo(f"  member of {tenant.slug} as {', '.join(roles or ['admin'])}")
    _echo_code(user, row, code)


@users.command("reset-password")
@click.argument("login")
def reset_password_command(login) -> None:
    """Print a one-time code with which LOGIN's owner sets a new password
    (their earlier codes stop working; their sessions end when it is used)."""
    from core.auth import accounts

    try:
        with transaction():
            user = accounts.account(login)
            if not user.active:
                raise click.ClickException(
                    f"the account {login} is deactivated; run pansuk users reactivate {login} first"
                )
            row, code = accounts.invite(user)
    except DomainError as exc:
        raise _fail(exc) from None
    _echo_code(user, row, code)


@users.command("deactivate")
@click.argument("login")
def deactivate_command(login) -> None:
    """LOGIN can no longer log in: every session ends, every code stops working."""
    from core.auth import accounts

    try:
        with transaction():
            user = accounts.account(login)
            ended = accounts.deactivate(user)
    except DomainError as exc:
        raise _fail(exc) from None
    click.echo(f"deactivated {login}; {ended} sessions ended")


@users.command("reactivate")
@click.argument("login")
def reactivate_command(login) -> None:
    """LOGIN may log in again (with a new code if the password is unknown)."""
    from core.auth import accounts

    try:
        with transaction():
            accounts.reactivate(accounts.account(login))
    except DomainError as exc:
        raise _fail(exc) from None
    click.echo(f"reactivated {login}")


@users.command("list")
def list_command() -> None:
    import sqlalchemy as sa

    from core.auth.models import User

    for user in db.session.scalars(sa.select(User).order_by(User.id)):
        state = "active" if user.active else "deactivated"
        password = "password set" if user.password_hash else "no password yet"
        click.echo(f"{user.email or user.phone:32} {state:12} {password:16} {user.display_name}")


@click.group(help="Memberships: who works in which organisation, with which roles.")
def members() -> None:
    pass


def _change(slug: str, login: str, change) -> str:
    from core.auth import accounts
    from core.tenancy.context import tenant_context

    try:
        with transaction():
            tenant = _tenant(slug)
            user = accounts.account(login)
            with tenant_context(tenant.id):
                membership = change(tenant, user)
                state = ", ".join(membership.roles) if membership.active else "no longer a member"
    except DomainError as exc:
        raise _fail(exc) from None
    return f"{login} in {slug}: {state}"


@members.command("grant")
@click.argument("login")
@click.option("--tenant", "slug", required=True, help="The organisation's short name")
@click.option("--role", "roles", multiple=True, required=True, type=_ROLES, help="Repeat for several")
def grant_command(login, slug, roles) -> None:
    """Give LOGIN these roles in the organisation (added to any they hold)."""
    from core.auth import members as service

    click.echo(_change(slug, login, lambda tenant, user: service.grant(None, tenant, user, roles)))


@members.command("revoke")
@click.argument("login")
@click.option("--tenant", "slug", required=True, help="The organisation's short name")
@click.option("--role", "roles", multiple=True, type=_ROLES, help="Only these roles (default: all)")
def revoke_command(login, slug, roles) -> None:
    """Take roles (default: the membership) from LOGIN; never the last administrator."""
    from core.auth import members as service

    click.echo(_change(slug, login, lambda tenant, user: service.revoke(None, tenant, user, list(roles) or None)))
