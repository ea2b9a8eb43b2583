"""A backup restores: the demo data and an uploaded file are backed up with
`pansuk backup`, restored with `pansuk restore` into a new database and an
empty upload folder, and `pansuk verify`, run as the application's plain
role, passes on the copy. A restore into a database or folder that holds
anything is refused before anything changes."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests import services
from tests.conftest import SECRET_KEY
from tests.core.ops.processes import environment, output, pansuk

COUNTED = ("tenant", "household", "person", "journal_entry", "journal_line", "audit_event")


def _admin():
    return sa.create_engine(services.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def target(owner_database_url):
    """A new, empty database to restore into."""
    if not owner_database_url.startswith("postgresql"):
        if services.required():
            pytest.fail("PostgreSQL required")
        pytest.skip("needs PostgreSQL")
    name = f"{services.PG_TEST_DB}_restored"
    admin = _admin()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield make_url(owner_database_url).set(database=name)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _env(url, upload_dir: Path) -> dict[str, str]:
    url = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    return environment(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, UPLOAD_DIR=str(upload_dir))


def _counts(url) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.scalar(sa.text(f'SELECT count(*) FROM "{t}"')) for t in COUNTED}
    finally:
        engine.dispose()


def _tables(url) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text(
                "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"))
    finally:
        engine.dispose()


# The demo is loaded once for the module; its tests only read it (they write
# to their own target databases), and it is emptied at the end.
pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def backup(app, shared_rows, owner_database_url, tmp_path_factory):
    """The demo data and one uploaded file, backed up by the owner."""
    if not owner_database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL")
    loaded = app.test_cli_runner().invoke(args=["demo", "load"])
    assert loaded.exit_code == 0, loaded.output
    uploads = Path(app.config["UPLOAD_DIR"])
    (uploads / "t1").mkdir(parents=True, exist_ok=True)
    uploaded = uploads / "t1" / "receipt.pdf"
    uploaded.write_bytes(b"%PDF-1.4 receipt \x00\xff")
    archive = tmp_path_factory.mktemp("backups") / "pansuk.tar.gz"
    result = pansuk(_env(owner_database_url, uploads), "backup", "--output", str(archive))
    assert result.returncode == 0, output(result)
    assert "backup written" in result.stdout
    yield archive, _counts(owner_database_url)
    uploaded.unlink()


def test_a_backup_restores_into_a_new_database_and_verify_passes(app, backup, target, tmp_path):
    archive, counts = backup
    assert archive.stat().st_mode & 0o077 == 0, "a backup holds personal data: its owner's only"
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.dump", "uploads/t1/receipt.pdf"} <= set(tar.getnames())
    restored_uploads = tmp_path / "restored-uploads"
    result = pansuk(_env(target, restored_uploads), "restore", str(archive))
    assert result.returncode == 0, output(result)
    assert _counts(target) == counts and counts["household"] > 0 and counts["journal_entry"] > 0
    assert (restored_uploads / "t1" / "receipt.pdf").read_bytes() == b"%PDF-1.4 receipt \x00\xff"
    # the application's plain role, granted again as `pansuk setup-database` does
    from core.tenancy import rls

    engine = sa.create_engine(target)
    try:
        with engine.begin() as conn:
            rls.grant_app_role(conn, services.APP_ROLE, password=services.APP_PASSWORD)
    finally:
        engine.dispose()
    as_app = target.set(username=services.APP_ROLE, password=services.APP_PASSWORD)
    verify = pansuk(_env(as_app, restored_uploads), "verify")
    assert verify.returncode == 0, output(verify)
    assert "verify: all chains and balances hold" in verify.stdout
    assert verify.stdout.count(": ok (") == counts["tenant"]


def test_a_restore_into_a_database_with_tables_is_refused_and_changes_nothing(app, backup, target, tmp_path):
    archive, _ = backup
    engine = sa.create_engine(target)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE somebody_elses (id int)"))
            conn.execute(sa.text("INSERT INTO somebody_elses VALUES (1)"))
    finally:
        engine.dispose()
    uploads = tmp_path / "restored-uploads"
    result = pansuk(_env(target, uploads), "restore", str(archive))
    assert result.returncode == 1
    assert "Traceback" not in output(result)
    assert f"the database {target.database} is not empty (1 tables)" in result.stderr
    assert "restore only into a new, empty database" in result.stderr
    assert _tables(target) == 1 and not uploads.exists()


def test_a_restore_into_an_upload_folder_with_files_is_refused_before_the_database(app, backup, target, tmp_path):
    archive, _ = backup
    uploads = tmp_path / "in-use"
    uploads.mkdir()
    (uploads / "keep.txt").write_text("someone's file")
    result = pansuk(_env(target, uploads), "restore", str(archive))
    assert result.returncode == 1 and "Traceback" not in output(result)
    assert "is not empty: restore into an empty folder" in result.stderr
    assert _tables(target) == 0 and [p.name for p in uploads.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("content, expected", [
    (b"not an archive", "cannot be read as a .tar.gz archive"),
    (None, "is not a file"),
])
def test_a_file_that_is_not_a_backup_is_refused(app, target, tmp_path, content, expected):
    path = tmp_path / "backup.tar.gz"
    if content is not None:
        path.write_bytes(content)
    result = pansuk(_env(target, tmp_path / "u"), "restore", str(path))
    assert result.returncode == 1 and expected in result.stderr, output(result)
    assert "Traceback" not in output(result) and _tables(target) == 0


def test_an_archive_without_a_manifest_is_refused(app, target, tmp_path):
    path = tmp_path / "other.tar.gz"
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with tarfile.open(path, "w:gz") as tar:
        tar.add(other, arcname="notes.txt")
    result = pansuk(_env(target, tmp_path / "u"), "restore", str(path))
    assert result.returncode == 1 and "is not a Pansuk backup" in result.stderr, output(result)


def test_backup_of_an_unreachable_database_says_what_to_check(app, tmp_path):
    result = pansuk(_env("postgresql://pansuk:x@127.0.0.1:9/pansuk", tmp_path), "backup",
                    "--output", str(tmp_path / "b.tar.gz"))
    assert result.returncode == 1 and "Traceback" not in output(result)
    assert "pg_dump failed" in result.stderr or "cannot reach the database" in result.stderr
    assert not (tmp_path / "b.tar.gz").exists()
