"""One table for every CSV import job: the registry's households, the PGS
plot register, bank statements (``kind`` says which)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, TimestampMixin

IMPORT_STATUSES = ("queued", "validating", "invalid", "importing", "done", "failed")
IMPORT_MODES = ("strict", "good_only")


class ImportJob(TenantScoped, TimestampMixin, Model):
    """A CSV file being imported: validated in full first; in ``strict`` mode a
    file with any bad row imports nothing, in ``good_only`` the bad rows are
    skipped. The file's bytes are kept with the job (a few MB at most), so a
    worker on another machine can read it. ``subject_id`` is what the file is
    for where the kind needs one (a statement's bank account); ``counts`` is
    what the import did, by the kind's own names, and reads as attributes
    (``job.people_created``)."""

    __tablename__ = "import_job"

    kind: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    subject_id: Mapped[int | None] = mapped_column(BigId)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="queued")
    mode: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="strict")
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    encoding: Mapped[str | None] = mapped_column(sa.String(20))
    total_rows: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    processed_rows: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    errors: Mapped[list] = mapped_column(sa.JSON, nullable=False, default=list)  # [{row, field, message, code, params}]
    message: Mapped[str | None] = mapped_column(sa.String(200))  # a msgid for a whole-file problem
    counts: Mapped[dict] = mapped_column(sa.JSON, nullable=False, default=dict)
    rows_skipped: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    __extra_table_args__ = (
        sa.CheckConstraint(
            "status IN ('queued','validating','invalid','importing','done','failed')", name="status"
        ),
        sa.CheckConstraint("mode IN ('strict','good_only')", name="mode"),
        sa.Index("ix_import_job_kind_subject", "tenant_id", "kind", "subject_id"),
    )

    def __getattr__(self, name: str) -> Any:
        """A count by its name (``job.lines_added``); only for names the
        job's counts hold, so anything else is still an AttributeError."""
        if name.startswith("_"):
            raise AttributeError(name)
        counts = self.counts
        if counts and name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def finished(self) -> bool:
        return self.status in ("invalid", "done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
