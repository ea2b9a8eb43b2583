"""``pansuk i18n compile`` — build ``messages.mo`` from the Thai parts."""

import click

from core.i18n.catalog import compile_catalog


@click.group(help="Translations.")
def i18n() -> None:
    pass


@i18n.command("compile")
def compile_command() -> None:
    path = compile_catalog("th", force=True)
    click.echo(f"compiled {path.name}")
