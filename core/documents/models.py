"""Uploaded evidence: receipts, photos, scanned forms, PDFs.

A document is attached to any domain row through a generic ``(target_type,
target_id)`` pair, so domains attach evidence without the kernel knowing their
tables. The bytes live in a content-addressed store (:mod:`core.documents.storage`);
identical files are kept once per tenant, and the same file attached twice to
the same thing is one row.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, UtcDateTime, utcnow
from core.errors import N_

KINDS: dict[str, str] = {
    "receipt": N_("Receipt"),
    "photo": N_("Photo"),
    "registration_form": N_("Registration form"),
    "tenure": N_("Land tenure document"),
    "minutes": N_("Meeting minutes"),
    "statement": N_("Statement"),
    "birth_certificate": N_("Birth certificate"),
    "death_certificate": N_("Death certificate"),
    "medical_certificate": N_("Medical certificate"),
    "id_card": N_("ID card"),
    "house_registration": N_("House registration"),
    "other": N_("Other document"),
}

_KIND_SQL = ",".join(f"'{k}'" for k in KINDS)


class Document(TenantScoped, Model):
    __tablename__ = "document"
    __extra_table_args__ = (
        sa.CheckConstraint(f"kind IN ({_KIND_SQL})", name="kind"),
        sa.CheckConstraint("size > 0", name="size_positive"),
        sa.CheckConstraint("(target_type IS NULL) = (target_id IS NULL)", name="target_pair"),
        sa.UniqueConstraint("tenant_id", "sha256", "target_type", "target_id", name="uq_document_same_file_same_target"),
        sa.Index("ix_document_target", "tenant_id", "target_type", "target_id"),
    )

    kind: Mapped[str] = mapped_column(sa.String(30), nullable=False)
    original_filename: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(sa.String(100), nullable=False)  # as sniffed
    size: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    target_type: Mapped[str | None] = mapped_column(sa.String(60))
    target_id: Mapped[int | None] = mapped_column(sa.BigInteger)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)
