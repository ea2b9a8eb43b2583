"""One archive holding a PostgreSQL dump and the uploaded files, and its
restore into a new, empty database.

The archive (``.tar.gz``, readable by its owner only: it holds personal data)
contains ``manifest.json``, ``database.dump`` (``pg_dump --format=custom``,
without owners or grants: ``pansuk setup-database`` grants the application's
role again after a restore) and ``uploads/``. ``pg_dump``/``pg_restore`` come
from PostgreSQL's client package, of the server's major version; the
connection is passed in ``PG*`` variables, so no password is on a command line.

A restore refuses a database that has any table, or an upload folder that
has any file, before it changes anything; the database part is one
transaction, so a failed restore leaves the database empty.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import sqlalchemy as sa

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
UPLOADS = "uploads"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def _pg_env(url: sa.engine.URL) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username,
              "PGPASSWORD": url.password, "PGDATABASE": url.database}
    env.update({k: str(v) for k, v in values.items() if v not in (None, "")})
    return env


def _run(tool: str, args: list[str], url: sa.engine.URL) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install PostgreSQL's client"
                          " (Debian: apt-get install postgresql-client)")
    result = subprocess.run([tool, *args], env=_pg_env(url), capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{tool} failed: {lines[-1] if lines else f'exit {result.returncode}'}")


def _require_postgres(url: sa.engine.URL) -> None:
    if not url.drivername.startswith("postgresql"):
        raise BackupError("backups need PostgreSQL (DATABASE_URL=postgresql://…); with SQLite,"
                          " stop the service and copy the database file and UPLOAD_DIR")


def _revision(engine: sa.engine.Engine) -> str | None:
    with engine.connect() as conn:
        if conn.scalar(sa.text("SELECT to_regclass('alembic_version')")) is None:
            return None
        return conn.scalar(sa.text("SELECT version_num FROM alembic_version"))


def make_backup(engine: sa.engine.Engine, upload_dir: Path, output: Path, created: str) -> dict:
    """Write the archive to ``output``; return its manifest."""
    url = engine.url
    _require_postgres(url)
    if output.exists():
        raise BackupError(f"{output} exists already: choose another --output")
    upload_dir = Path(upload_dir)
    files = [p for p in upload_dir.rglob("*") if p.is_file()] if upload_dir.is_dir() else []
    manifest = {"format": FORMAT, "created": created, "database": url.database,
                "alembic_revision": _revision(engine), "upload_files": len(files)}
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".pansuk-backup-") as tmp:
        dump = Path(tmp) / DUMP
        _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"], url)
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            tar.add(dump, arcname=DUMP)
            tar.add(upload_dir if upload_dir.is_dir() else tmp, arcname=UPLOADS, recursive=False)
            for path in files:
                tar.add(path, arcname=f"{UPLOADS}/{path.relative_to(upload_dir).as_posix()}")
        partial.chmod(0o600)
        partial.replace(output)  # whole or not at all
    return manifest


def _table_count(engine: sa.engine.Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(sa.text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_toast%'"
        ))


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("this file is not a Pansuk backup (no manifest.json of format 1)")
    names = tar.getnames()
    if DUMP not in names:
        raise BackupError(f"the backup has no {DUMP}: it is incomplete")
    return manifest


def restore_backup(archive: Path, engine: sa.engine.Engine, upload_dir: Path) -> dict:
    """Restore ``archive`` into the (empty) database of ``engine`` and the
    (empty) ``upload_dir``; return the manifest."""
    url = engine.url
    _require_postgres(url)
    if not Path(archive).is_file():
        raise BackupError(f"{archive} is not a file")
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive} cannot be read as a .tar.gz archive ({exc})") from None
    with tar, tempfile.TemporaryDirectory(prefix=".pansuk-restore-") as tmp:
        manifest = _read_manifest(tar)
        tables = _table_count(engine)
        if tables:
            raise BackupError(
                f"the database {url.database} is not empty ({tables} tables): restore only into a"
                " new, empty database (createdb, then point DATABASE_URL at it); nothing was changed")
        upload_dir = Path(upload_dir)
        if upload_dir.is_dir() and any(upload_dir.iterdir()):
            raise BackupError(f"UPLOAD_DIR {upload_dir} is not empty: restore into an empty folder;"
                              " nothing was changed")
        tar.extractall(tmp, filter="data")  # refuses absolute paths, '..' and devices
        _run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error",
                            "--single-transaction", f"--dbname={url.database}",
                            str(Path(tmp) / DUMP)], url)
        restored = Path(tmp) / UPLOADS
        if restored.is_dir():
            upload_dir.mkdir(parents=True, exist_ok=True)
            shutil.copytree(restored, upload_dir, dirs_exist_ok=True)
    return manifest
