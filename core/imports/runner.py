"""The one runner of CSV import jobs.

A domain supplies an :class:`Importer`: how its file reads into numbered rows
(and the check of one row), and how the good rows are applied. The runner does
the rest, the same for every kind: it decodes the file (UTF-8 with or without
BOM, else TIS-620), validates every row first, writing progress through its own
connection so the page can follow it; in ``strict`` mode a file with any bad
row imports nothing, in ``good_only`` the bad rows are skipped. The import
itself is one transaction: all or nothing. Running a job twice is safe: a job
that is not queued is left alone, and one worker wins the claim.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import defer

from core.audit.services import record
from core.db import db, is_postgres
from core.errors import N_, ValidationError
from core.imports.models import ImportJob

log = logging.getLogger(__name__)

PROGRESS_STEPS = 50

Progress = Callable[[int], None]
Check = Callable[[int, Any], Any]


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (nothing is imported)."""

    code = "import_file"


@dataclass(frozen=True)
class Importer:
    """What a domain supplies to the runner.

    ``read(job, text)`` returns the file's rows as ``(row number, raw)`` pairs
    and the check of one row, which returns the row to apply or raises
    :class:`ValidationError` (one with an ``errors`` list names several
    fields); it raises :class:`ImportFileError` for a file it cannot read.
    ``apply(job, rows, progress)`` writes the good rows in the session (never
    committing) and returns its counts by name. With ``progress_while_applying``
    the page's bar counts the applied rows again (on PostgreSQL, where another
    connection can see the job)."""

    kind: str
    read: Callable[[ImportJob, str], tuple[Sequence[tuple[int, Any]], Check]]
    apply: Callable[[ImportJob, list, Progress | None], dict[str, int]]
    counts: tuple[str, ...]
    done_action: str
    target_type: str
    progress_while_applying: bool = False


# --- the file -----------------------------------------------------------------


def decode(content: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else TIS-620 (cp874); anything else is
    explained rather than guessed."""
    if content.startswith(b"PK\x03\x04") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(N_("This is a spreadsheet file, not CSV: save it as CSV UTF-8 and upload again"))
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise ImportFileError(N_("The file is in UTF-16: save it as CSV UTF-8 and upload again"))
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp874"), "tis-620"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            N_("The file is neither UTF-8 nor Thai TIS-620 text: save it as CSV UTF-8 and upload again")
        ) from exc


def error(number: int, exc: ValidationError) -> dict:
    return {"row": number, "field": exc.field, "code": exc.code, "message": exc.message,
            "params": {k: str(v) for k, v in exc.params.items()}}


def validate(rows: Sequence[tuple[int, Any]], check: Check, on_progress: Progress) -> tuple[list, list[dict]]:
    """Every row checked; the good ones and one error per bad field."""
    good: list = []
    errors: list[dict] = []
    step = max(1, len(rows) // PROGRESS_STEPS)
    for i, (number, raw) in enumerate(rows, start=1):
        try:
            good.append(check(number, raw))
        except ValidationError as exc:
            errors.extend(error(number, e) for e in (getattr(exc, "errors", None) or [exc]))
        if i % step == 0 or i == len(rows):
            on_progress(i)
    return good, errors


# --- the job ------------------------------------------------------------------


def new_job(importer: Importer, filename: str, content: bytes, mode: str, *, actor_id: int | None,
            subject_id: int | None = None) -> ImportJob:
    """A queued job keeping the file (checked by the caller); the caller
    enqueues its run after commit."""
    job = ImportJob(kind=importer.kind, subject_id=subject_id, filename=filename[:255], content=content,
                    mode=mode, status="queued", errors=[], counts=dict.fromkeys(importer.counts, 0),
                    created_by_user_id=actor_id)
    db.session.add(job)
    db.session.flush()
    return job


def get(kind: str, job_id: int) -> ImportJob | None:
    return db.session.scalar(sa.select(ImportJob).where(ImportJob.id == job_id, ImportJob.kind == kind))


def jobs(kind: str, subject_id: int | None = None, limit: int = 20) -> list[ImportJob]:
    """The latest jobs of a kind (for a subject), without their files."""
    stmt = sa.select(ImportJob).options(defer(ImportJob.content)).where(ImportJob.kind == kind)
    if subject_id is not None:
        stmt = stmt.where(ImportJob.subject_id == subject_id)
    return list(db.session.scalars(stmt.order_by(ImportJob.id.desc()).limit(limit)))


def retry_good_rows(job: ImportJob) -> None:
    """An invalid job queued again to import only its good rows (the caller
    checks it is invalid, with its own refusal)."""
    job.mode, job.status, job.processed_rows = "good_only", "queued", 0
    db.session.flush()


def _write(job_id: int, tenant_id: int, **values) -> None:
    """Update the job through its own connection, visible at once to the page."""
    with db.engine.begin() as conn:
        conn.execute(sa.update(ImportJob).where(ImportJob.id == job_id, ImportJob.tenant_id == tenant_id)
                     .values(**values))


def _claim(job_id: int, tenant_id: int) -> bool:
    """queued -> validating in one conditional UPDATE: one worker wins."""
    with db.engine.begin() as conn:
        result = conn.execute(
            sa.update(ImportJob)
            .where(ImportJob.id == job_id, ImportJob.tenant_id == tenant_id, ImportJob.status == "queued")
            .values(status="validating", processed_rows=0, errors=[], message=None)
        )
    return result.rowcount == 1


def run(importer: Importer, job_id: int, tenant_id: int) -> str:
    """Validate and import a queued job; returns its final status."""
    job = get(importer.kind, job_id)
    if job is None or job.status != "queued":
        return job.status if job else "missing"
    content, mode = job.content, job.mode
    db.session.commit()  # end the read before writing through another connection
    if not _claim(job_id, tenant_id):
        return "claimed"  # another worker took it first
    try:
        text, encoding = decode(content)
        rows, check = importer.read(job, text)
    except ImportFileError as exc:
        db.session.rollback()
        _write(job_id, tenant_id, status="failed", message=exc.message[:200], errors=[error(0, exc)])
        return "failed"
    _write(job_id, tenant_id, total_rows=len(rows), encoding=encoding)
    good, errors = validate(rows, check, lambda n: _write(job_id, tenant_id, processed_rows=n))
    if errors and mode == "strict":
        db.session.rollback()
        _write(job_id, tenant_id, status="invalid", errors=errors)
        return "invalid"
    again = importer.progress_while_applying
    _write(job_id, tenant_id, status="importing", errors=errors,
           **({"processed_rows": 0, "total_rows": len(good)} if again else {}))
    return _apply(importer, job_id, tenant_id, good, skipped=len(rows) - len(good))


def _apply(importer: Importer, job_id: int, tenant_id: int, good: list, skipped: int) -> str:
    try:
        job = get(importer.kind, job_id)
        assert job is not None
        db.session.refresh(job)
        progress = None
        if importer.progress_while_applying and is_postgres():
            progress = lambda n: _write(job_id, tenant_id, processed_rows=n)  # noqa: E731
        counts = importer.apply(job, good, progress)
        job.status, job.rows_skipped, job.counts = "done", skipped, {**job.counts, **counts}
        if importer.progress_while_applying:
            job.processed_rows = len(good)
        record(importer.done_action, actor_id=job.created_by_user_id, target_type=importer.target_type,
               target_id=job_id, after={**counts, "rows_skipped": skipped})
        db.session.commit()
        return "done"
    except Exception:
        log.exception("%s import job %s failed", importer.kind, job_id)
        db.session.rollback()
        _write(job_id, tenant_id, status="failed", message=N_("The import failed and nothing was saved"))
        return "failed"
