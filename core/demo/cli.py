"""``pansuk demo load``."""

import click


@click.group(help="Demo data.")
def demo() -> None:
    pass


@demo.command("load")
def load_command() -> None:
    from core.db import transaction
    from core.demo.load import load

    with transaction():
        summary = load()
    click.echo(summary)
