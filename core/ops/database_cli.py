"""``pansuk setup-database``: migrations and the application's role, as the owner."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import with_appcontext


@click.command("setup-database")
@click.option("--app-role", envvar="APP_DB_ROLE", default="pansuk_app", show_default=True,
              help="The plain role web, worker and beat connect as (APP_DB_ROLE).")
@with_appcontext
def setup_database_command(app_role: str) -> None:
    """Run as the database owner: apply the migrations (storing the binding key
    of this SECRET_KEY) and create or update the application's role
    (NOSUPERUSER NOBYPASSRLS) with the password in APP_DB_PASSWORD."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from core.db import db
    from core.ops.checks import unreachable_database
    from core.ops.database import SetupError, check_role_name, ensure_app_role

    password = os.environ.get("APP_DB_PASSWORD", "")
    try:
        if db.engine.dialect.name == "postgresql":
            check_role_name(app_role)
            if not password:
                raise SetupError("APP_DB_PASSWORD is not set: the application's role needs a password")
        with db.engine.connect() as conn:
            who = conn.scalar(sa.text("SELECT current_user"))
        if who == app_role:
            raise SetupError(f"connected as {app_role}, the application's role: run this with the"
                             " owner's DATABASE_URL")
        try:
            upgrade()
        except sa.exc.ProgrammingError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise SetupError(f"the migrations failed as {who} ({reason}): run this with the"
                             " database owner's DATABASE_URL") from None
        if db.engine.dialect.name != "postgresql":
            click.echo("database ready (SQLite: no roles, no row-level security)")
            return
        with db.engine.begin() as conn:
            ensure_app_role(conn, app_role, password)
    except SetupError as exc:
        click.echo(f"setup-database: {exc}", err=True)
        sys.exit(1)
    except sa.exc.OperationalError as exc:
        click.echo(f"setup-database: {unreachable_database(db.engine.url, exc)}", err=True)
        sys.exit(1)
    click.echo(f"database ready: migrations applied; the application connects as {app_role}"
               " (NOSUPERUSER NOBYPASSRLS)")
