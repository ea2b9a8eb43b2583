"""``pansuk demo load``."""

import click
from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo data.")


@demo.command("load")
def load_command() -> None:
    """Load the demo organisations, people and log-ins (safe to run again)."""
    from core.db import transaction
    from core.demo.load import load

    with transaction():
        summary = load()
    click.echo(summary)
