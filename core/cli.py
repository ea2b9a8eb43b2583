"""``pansuk``: the Flask CLI with the app preset (``pansuk run``, ``pansuk db
upgrade``, ``pansuk demo load``, …)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def _create_app():
    from core.app import create_app
    from core.ops.startup import serving_app

    # The command line is the owner's tool (migrations, backups): it does not
    # insist on a role bound by row-level security, the serving processes do.
    return serving_app(lambda: create_app({"CHECK_DATABASE_ROLE_AT_START": False}))


@click.group(cls=FlaskGroup, create_app=_create_app, help="Pansuk (ปันสุข) command line.")
def main() -> None:
    pass


def _add_operator_commands() -> None:
    """Commands that must work when the app would refuse to start."""
    from core.ops.check_cli import check_command

    main.add_command(check_command)


_add_operator_commands()


def register_commands(app: Flask) -> None:
    from core.auth.cli import members, users
    from core.demo.cli import demo
    from core.i18n.cli import i18n
    from core.integrity.cli import seal_command, verify_command
    from core.notifications.cli import mail
    from core.payments.promptpay.cli import payments
    from core.secrets_cli import secrets
    from core.tenancy.cli import tenants

    app.cli.add_command(demo)
    app.cli.add_command(i18n)
    app.cli.add_command(payments)
    app.cli.add_command(tenants)
    app.cli.add_command(users)
    app.cli.add_command(mail)
    app.cli.add_command(members)
    app.cli.add_command(secrets)
    app.cli.add_command(seal_command)
    app.cli.add_command(verify_command)
    from core.ops.backup_cli import backup_command, restore_command
    from core.ops.database_cli import setup_database_command

    app.cli.add_command(setup_database_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


if __name__ == "__main__":
    main()
