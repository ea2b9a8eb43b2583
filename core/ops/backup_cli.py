"""``pansuk backup`` and ``pansuk restore`` (core.ops.backup)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.command("backup")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The archive to write (default: pansuk-backup-<database>-<time>.tar.gz here).")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Write one archive with a dump of the database and the uploaded files."""
    import sqlalchemy as sa

    from core.db import db, utcnow
    from core.ops.backup import BackupError, make_backup
    from core.ops.checks import unreachable_database

    now = utcnow()
    output = output or Path(f"pansuk-backup-{db.engine.url.database}-{now:%Y%m%dT%H%M%SZ}.tar.gz")
    try:
        manifest = make_backup(db.engine, Path(current_app.config["UPLOAD_DIR"]), output, now.isoformat())
    except BackupError as exc:
        _fail(f"backup: {exc}")
    except sa.exc.OperationalError as exc:
        _fail(f"backup: {unreachable_database(db.engine.url, exc)}")
    click.echo(f"backup written: {output} (database {manifest['database']} at revision"
               f" {manifest['alembic_revision']}, {manifest['upload_files']} uploaded files)")


@click.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archive: Path) -> None:
    """Restore a backup into the new, empty database of DATABASE_URL (as its
    owner) and the empty UPLOAD_DIR; then run `pansuk setup-database`."""
    import sqlalchemy as sa

    from core.db import db
    from core.ops.backup import BackupError, restore_backup
    from core.ops.checks import unreachable_database

    try:
        manifest = restore_backup(archive, db.engine, Path(current_app.config["UPLOAD_DIR"]))
    except BackupError as exc:
        _fail(f"restore: {exc}")
    except sa.exc.OperationalError as exc:
        _fail(f"restore: {unreachable_database(db.engine.url, exc)}")
    click.echo(f"restored the backup of {manifest['database']} taken {manifest['created']}"
               f" ({manifest['upload_files']} uploaded files) into {db.engine.url.database}.\n"
               "Next: `pansuk setup-database` (grants the application's role), then"
               " `pansuk verify`.")
