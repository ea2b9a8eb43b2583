"""producers lots models: harvest lots (with the certification as it stood at
harvest), QR codes for plots and lots (an unguessable token behind /q/<token>)
and label batches (printed packs of a lot, capped by its harvested quantity).

Quantities of a lot are integer grams, shown as kilograms."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, TimestampMixin, UtcDateTime, db, utcnow
from producers.models import pgs  # noqa: F401  (the tables referenced below)

QR_SUBJECTS = ("plot", "lot")


def _refs(refs: dict[str, str]) -> dict[str, str]:
    """Composite keys to the tables that exist (producer areas land one by one)."""
    return {c: t for c, t in refs.items() if t.partition(":")[0] in db.metadata.tables}


class Lot(TenantScoped, TimestampMixin, Model):
    """One harvest of one crop from one plot. The certificate's status, level
    and number are copied at harvest: the public page shows them beside the
    live status."""

    __tablename__ = "producer_lot"
    __tenant_refs__ = _refs({"plot_id": "producer_plot", "planting_id": "producer_planting"})
    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "number", name="uq_producer_lot_number"),
        sa.CheckConstraint("quantity_g > 0", name="quantity_positive"),
        sa.CheckConstraint("labelled_g >= 0 AND labelled_g <= quantity_g", name="labels_within_quantity"),
    )

    number: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    plot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    planting_id: Mapped[int | None] = mapped_column(BigId, index=True)
    crop: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    quantity_g: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    # grams already covered by printed labels; never above quantity_g
    labelled_g: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    harvested_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    cert_status_at_harvest: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="none")
    cert_level_at_harvest: Mapped[str | None] = mapped_column(sa.String(20))
    cert_number_at_harvest: Mapped[str | None] = mapped_column(sa.String(60))
    certificate_id_at_harvest: Mapped[int | None] = mapped_column(BigId)
    # the quantity looked absurd against the planting's expected yield; recorded anyway
    quantity_warning: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def quantity_kg(self) -> float:
        return self.quantity_g / 1000

    @property
    def unlabelled_g(self) -> int:
        return self.quantity_g - (self.labelled_g or 0)


class QrCode(TenantScoped, Model):
    """The QR of a plot or of a lot: ``token`` is the only thing in the URL.
    A lot's QR names its plot too. ``subject_key`` (``plot:<id>``/``lot:<id>``)
    keeps one QR per subject."""

    __tablename__ = "producer_qr"
    __tenant_refs__ = _refs({"plot_id": "producer_plot", "lot_id": "producer_lot:CASCADE"})
    __extra_table_args__ = (
        sa.UniqueConstraint("tenant_id", "subject_key", name="uq_producer_qr_subject"),
        sa.CheckConstraint("subject IN ('plot','lot')", name="subject"),
        sa.CheckConstraint("(subject = 'lot') = (lot_id IS NOT NULL)", name="lot_subject"),
    )

    token: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True, info={"crossing_key": True})
    subject: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    subject_key: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    plot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    lot_id: Mapped[int | None] = mapped_column(BigId, index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


class LabelBatch(TenantScoped, Model):
    """Labels printed for a lot: ``count`` packs of ``pack_g`` grams each. The
    sum over a lot's batches never exceeds its harvested quantity (the lot's
    ``labelled_g`` grows by one conditional UPDATE)."""

    __tablename__ = "producer_label_batch"
    __tenant_refs__ = _refs({"lot_id": "producer_lot:CASCADE"})
    __extra_table_args__ = (
        sa.CheckConstraint("count > 0", name="count_positive"),
        sa.CheckConstraint("pack_g > 0", name="pack_positive"),
    )

    lot_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    count: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    pack_g: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)
    created_by_user_id: Mapped[int | None] = mapped_column(
        BigId, sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
