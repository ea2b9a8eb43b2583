"""Harvest lots, QR codes and label batches. Flush, never commit; the actor
and tenant are arguments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core import clock
from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from producers.lots import certstatus, ownership, qr
from producers.models.lots import LabelBatch, Lot, QrCode
from producers.models.pgs import Planting, Plot

# a harvest this many times the planting's expected yield is recorded with a warning
ABSURD_FACTOR = 5
# without an expected yield: kilograms per square metre no field gives
ABSURD_KG_PER_SQM = 20
MAX_LABELS_PER_BATCH = 500
MAX_QUANTITY_G = 10**12


class PlotNotFound(NotFound):
    code = "plot_not_found"
    message = N_("Plot not found")


class LotNotFound(NotFound):
    code = "lot_not_found"
    message = N_("Harvest lot not found")


class HarvestBeforePlanting(ValidationError):
    code = "harvest_before_planting"
    message = N_("The harvest date is before the planting date (%(planted_on)s)")


class LabelCapExceeded(Conflict):
    code = "label_cap_exceeded"
    message = N_("Labels for this lot are capped by its harvest: only %(remaining)s kg are left to label")


def parse_kg(value, field: str = "quantity") -> int:
    """Kilograms typed by a person (``12.5``, ``1,200``) as whole grams > 0."""
    text = str(value if value is not None else "").strip().replace(",", "")
    try:
        kg = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError(N_("Enter a quantity in kilograms, e.g. 12.5"), field=field) from None
    if not kg.is_finite() or kg <= 0:
        raise ValidationError(N_("The quantity must be more than zero"), field=field)
    grams = int((kg * 1000).to_integral_value())
    if grams <= 0 or grams > MAX_QUANTITY_G:
        raise ValidationError(N_("The quantity must be more than zero"), field=field)
    return grams


def get_plot(plot_id: int) -> Plot:
    plot = db.session.get(Plot, plot_id)
    if plot is None:
        raise PlotNotFound()
    return plot


def get_lot(lot_id: int) -> Lot:
    lot = db.session.get(Lot, lot_id)
    if lot is None:
        raise LotNotFound()
    return lot


def _planting_for(plot: Plot, planting_id: int | None, crop: str | None) -> Planting | None:
    if planting_id:
        planting = db.session.get(Planting, planting_id)
        if planting is None or planting.plot_id != plot.id:
            raise ValidationError(N_("Choose a planting of this plot"), field="planting_id")
        return planting
    if not crop:
        return None
    return db.session.scalar(
        sa.select(Planting).where(Planting.plot_id == plot.id, Planting.crop == crop)
        .order_by(Planting.planted_on.desc().nulls_last(), Planting.id.desc()).limit(1)
    )


def absurd_quantity(plot: Plot, planting: Planting | None, quantity_g: int) -> bool:
    kg = Decimal(quantity_g) / 1000
    if planting is not None and planting.expected_quantity_kg:
        return kg > Decimal(planting.expected_quantity_kg) * ABSURD_FACTOR
    return bool(plot.area_sqm) and kg > Decimal(plot.area_sqm) * ABSURD_KG_PER_SQM


def record_harvest(
    actor, tenant_id: int, *, plot_id: int, quantity_g: int, harvested_on: date,
    crop: str | None = None, planting_id: int | None = None, notes: str | None = None,
    today: date | None = None,
) -> Lot:
    """A harvest record: a lot with its number, the certification as it stood
    that day and its QR. ``lot.quantity_warning`` says the quantity looked absurd."""
    plot = get_plot(plot_id)
    ownership.check_plot(actor, tenant_id, plot.id)
    if quantity_g is None or quantity_g <= 0:
        raise ValidationError(N_("The quantity must be more than zero"), field="quantity")
    if harvested_on > (today or clock.today()):
        raise ValidationError(N_("The harvest date cannot be in the future"), field="harvested_on")
    planting = _planting_for(plot, planting_id, (crop or "").strip() or None)
    crop = ((crop or "").strip() or (planting.crop if planting else "")).strip()
    if not crop:
        raise ValidationError(N_("Name the crop harvested"), field="crop")
    if len(crop) > 100:
        raise ValidationError(N_("The crop name is too long"), field="crop")
    if planting is not None and planting.planted_on and harvested_on < planting.planted_on:
        from core.i18n.formatting import format_date

        raise HarvestBeforePlanting(field="harvested_on", planted_on=format_date(planting.planted_on))
    cert = certstatus.plot_status(plot.id, at=harvested_on, crop=crop)
    lot = Lot(
        plot_id=plot.id, planting_id=planting.id if planting else None, crop=crop,
        quantity_g=quantity_g, labelled_g=0, harvested_on=harvested_on,
        cert_status_at_harvest=cert.status, cert_level_at_harvest=cert.level,
        cert_number_at_harvest=cert.certificate_number, certificate_id_at_harvest=cert.certificate_id,
        quantity_warning=absurd_quantity(plot, planting, quantity_g),
        notes=(notes or "").strip()[:2000] or None, created_by_user_id=getattr(actor, "id", None),
    )
    _insert_numbered(lot, plot, harvested_on)
    _insert_qr(QrCode(subject="lot", subject_key=f"lot:{lot.id}", plot_id=plot.id, lot_id=lot.id))
    record("producers.lot.create", actor_id=getattr(actor, "id", None), target_type="producer_lot",
           target_id=lot.id, after={"number": lot.number, "plot_id": plot.id, "crop": crop,
                                    "quantity_g": quantity_g, "harvested_on": harvested_on.isoformat(),
                                    "cert_status": cert.status, "warning": lot.quantity_warning})
    return lot


def _insert_numbered(lot: Lot, plot: Plot, day: date) -> None:
    """``<plot code>-<yymmdd>-<n>``: the n-th lot of the plot that day. A
    concurrent harvest taking the same number makes this one take the next."""
    prefix = f"{plot.code}-{day:%y%m%d}-"
    n = db.session.scalar(sa.select(sa.func.count()).select_from(Lot).where(
        Lot.plot_id == plot.id, Lot.harvested_on == day)) or 0
    for attempt in range(20):
        lot.number = f"{prefix}{n + 1 + attempt}"
        try:
            with db.session.begin_nested():
                db.session.add(lot)
                db.session.flush()
            return
        except IntegrityError:
            db.session.expunge(lot) if lot in db.session else None
            continue
    raise Conflict(N_("Could not number the lot; please try again"))


def _insert_qr(code: QrCode) -> QrCode:
    for _attempt in range(5):
        code.token = qr.new_token()
        try:
            with db.session.begin_nested():
                db.session.add(code)
                db.session.flush()
            return code
        except IntegrityError:
            if code in db.session:
                db.session.expunge(code)
            existing = db.session.scalar(sa.select(QrCode).where(QrCode.subject_key == code.subject_key))
            if existing is not None:
                return existing
    raise Conflict()


def qr_for_plot(plot_id: int) -> QrCode:
    """The plot's QR, made on first use."""
    plot = get_plot(plot_id)
    existing = db.session.scalar(sa.select(QrCode).where(QrCode.subject_key == f"plot:{plot.id}"))
    if existing is not None:
        return existing
    return _insert_qr(QrCode(subject="plot", subject_key=f"plot:{plot.id}", plot_id=plot.id))


def qr_for_lot(lot: Lot) -> QrCode:
    existing = db.session.scalar(sa.select(QrCode).where(QrCode.subject_key == f"lot:{lot.id}"))
    if existing is not None:
        return existing
    return _insert_qr(QrCode(subject="lot", subject_key=f"lot:{lot.id}", plot_id=lot.plot_id, lot_id=lot.id))


def issue_labels(actor, tenant_id: int, *, lot_id: int, count: int, pack_g: int) -> LabelBatch:
    """``count`` labels of ``pack_g`` grams each. The lot's labelled grams grow
    by one conditional UPDATE, so labels never cover more than was harvested,
    however many people print at once."""
    lot = get_lot(lot_id)
    ownership.check_plot(actor, tenant_id, lot.plot_id)
    if not isinstance(count, int) or count <= 0 or count > MAX_LABELS_PER_BATCH:
        raise ValidationError(N_("Print between 1 and %(max)s labels at a time"), field="count",
                              max=MAX_LABELS_PER_BATCH)
    if pack_g <= 0:
        raise ValidationError(N_("The quantity must be more than zero"), field="pack")
    total = count * pack_g
    done = db.session.execute(
        sa.update(Lot)
        .where(Lot.id == lot.id, Lot.labelled_g + total <= Lot.quantity_g)
        .values(labelled_g=Lot.labelled_g + total)
        .returning(Lot.labelled_g)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:
        db.session.refresh(lot)
        raise LabelCapExceeded(field="count", remaining=f"{lot.unlabelled_g / 1000:,.3f}")
    db.session.refresh(lot)
    batch = LabelBatch(lot_id=lot.id, count=count, pack_g=pack_g, created_by_user_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    record("producers.lot.labels", actor_id=getattr(actor, "id", None), target_type="producer_lot",
           target_id=lot.id, after={"batch_id": batch.id, "count": count, "pack_g": pack_g})
    return batch


def lots(actor, tenant_id: int, *, plot_id: int | None = None, limit: int | None = 200) -> list[Lot]:
    stmt = sa.select(Lot).order_by(Lot.harvested_on.desc(), Lot.id.desc()).limit(limit)
    if plot_id:
        stmt = stmt.where(Lot.plot_id == plot_id)
    return list(db.session.scalars(ownership.visible_plots(actor, tenant_id, stmt, Lot.plot_id)))


def plots(actor, tenant_id: int) -> list[Plot]:
    stmt = sa.select(Plot).where(Plot.active).order_by(Plot.code)
    return list(db.session.scalars(ownership.visible_plots(actor, tenant_id, stmt, Plot.id)))


def plantings(plot_id: int) -> list[Planting]:
    return list(db.session.scalars(sa.select(Planting).where(Planting.plot_id == plot_id)
                                   .order_by(Planting.planted_on.desc().nulls_last())))


def batches(lot_id: int) -> list[LabelBatch]:
    return list(db.session.scalars(sa.select(LabelBatch).where(LabelBatch.lot_id == lot_id)
                                   .order_by(LabelBatch.id)))
