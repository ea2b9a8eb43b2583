"""What certifies a plot, now or on a given day: the one read the rest of the
domain (lots, labels, listings, the public QR page) asks.

Dates win over stored state: a certificate past ``valid_until`` counts as
expired, and a suspension past ``suspended_until`` as lifted, even before the
nightly job records it. A day in the past is answered from the certificate's
event history (:class:`~producers.models.pgs.CertificateEvent`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from core import clock
from core.db import db
from producers.models.pgs import Certificate, CertificateEvent, CertificatePlot, Inspection, Plot

DONE_INSPECTION = ("submitted", "screened", "decided")
SELLABLE_LEVELS = ("organic", "in_conversion")
_RANK = {"active": 0, "suspended": 1, "expired": 2, "revoked": 3}


@dataclass(frozen=True)
class PlotCertification:
    level: str | None  # "organic" | "in_conversion" | None (never certified)
    status: str  # "active" | "suspended" | "revoked" | "expired" | "none"
    certificate_id: int | None
    certificate_number: str | None
    valid_from: date | None
    valid_until: date | None
    suspended_until: date | None
    last_inspection_on: date | None
    last_inspection_verdict: str | None
    changed_at: datetime | None  # changes whenever the certificate's state changes

    @property
    def sellable(self) -> bool:
        return self.status == "active" and self.level in SELLABLE_LEVELS


def _covers(crops: list | None, crop: str | None) -> bool:
    if not crop or not crops:
        return True
    wanted = crop.strip().casefold()
    return any(str(c).strip().casefold() == wanted for c in crops)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _stored_status(
    cert: Certificate, day: date, history: list[CertificateEvent]
) -> tuple[str, date | None]:
    """The recorded status and suspension end on ``day``."""
    if day >= clock.today():
        return cert.status, cert.suspended_until
    status, until = "active", None
    for event in history:  # ordered by effective_on, id
        if event.effective_on > day:
            break
        status = event.status_after
        until = event.suspended_until if status == "suspended" else None
    return status, until


def effective_status(
    cert: Certificate, day: date, history: list[CertificateEvent] | None = None
) -> tuple[str, date | None, datetime | None]:
    """``(status, suspended_until, changed_at)`` of ``cert`` on ``day``, the
    dates taken into account."""
    status, until = _stored_status(cert, day, history or [])
    changed = cert.updated_at
    if status in ("active", "suspended") and day > cert.valid_until:
        derived = _midnight(cert.valid_until + timedelta(days=1))
        return "expired", None, max(changed, derived) if changed else derived
    if status == "suspended" and until is not None and day > until:
        derived = _midnight(until + timedelta(days=1))
        return "active", None, max(changed, derived) if changed else derived
    return status, until if status == "suspended" else None, changed


def _last_inspection(farm_id: int, day: date) -> Inspection | None:
    return db.session.scalars(
        sa.select(Inspection)
        .where(
            Inspection.farm_id == farm_id,
            Inspection.status.in_(DONE_INSPECTION),
            Inspection.inspected_on.is_not(None),
            Inspection.inspected_on <= day,
        )
        .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
        .limit(1)
    ).first()


def plot_status(
    plot_id: int, *, at: date | None = None, crop: str | None = None
) -> PlotCertification:
    """The certification covering the plot (and crop) now, or as it stood on
    ``at``. Among several certificates the active one wins (organic before in
    conversion), then the most recent."""
    day = at or clock.today()
    rows = db.session.execute(
        sa.select(Certificate, CertificatePlot.crops)
        .join(CertificatePlot, CertificatePlot.certificate_id == Certificate.id)
        .where(CertificatePlot.plot_id == plot_id, Certificate.valid_from <= day)
    ).all()
    candidates = [cert for cert, crops in rows if _covers(crops, crop)]
    histories: dict[int, list[CertificateEvent]] = {}
    if candidates and day < clock.today():
        for event in db.session.scalars(
            sa.select(CertificateEvent)
            .where(CertificateEvent.certificate_id.in_([c.id for c in candidates]))
            .order_by(CertificateEvent.effective_on, CertificateEvent.id)
        ):
            histories.setdefault(event.certificate_id, []).append(event)

    best = None
    for cert in candidates:
        status, until, changed = effective_status(cert, day, histories.get(cert.id))
        key = (
            _RANK[status],
            0 if cert.level == "organic" else 1,
            -cert.valid_from.toordinal(),
            -cert.id,
        )
        if best is None or key < best[0]:
            best = (key, cert, status, until, changed)

    farm_id = db.session.scalar(sa.select(Plot.farm_id).where(Plot.id == plot_id))
    inspection = _last_inspection(farm_id, day) if farm_id is not None else None
    last_on = inspection.inspected_on if inspection else None
    last_verdict = inspection.verdict if inspection else None
    if best is None:
        return PlotCertification(
            None, "none", None, None, None, None, None, last_on, last_verdict, None
        )
    _, cert, status, until, changed = best
    return PlotCertification(
        level=cert.level,
        status=status,
        certificate_id=cert.id,
        certificate_number=cert.number,
        valid_from=cert.valid_from,
        valid_until=cert.valid_until,
        suspended_until=until,
        last_inspection_on=last_on,
        last_inspection_verdict=last_verdict,
        changed_at=changed,
    )


def sellable(plot_id: int, crop: str | None = None) -> bool:
    """An active organic or in-conversion certificate covers the plot (and
    crop) today."""
    return plot_status(plot_id, crop=crop).sellable


def sellable_plot_ids(plot_ids: list[int] | None = None) -> set[int]:
    """Of ``plot_ids`` (or every plot), those with an active certificate today
    for at least one crop — a quick filter for catalogues; check a crop with
    :func:`sellable`."""
    today = clock.today()
    query = (
        sa.select(CertificatePlot.plot_id, Certificate)
        .join(Certificate, CertificatePlot.certificate_id == Certificate.id)
        .where(Certificate.status.in_(("active", "suspended")), Certificate.valid_from <= today)
    )
    if plot_ids is not None:
        query = query.where(CertificatePlot.plot_id.in_(list(plot_ids)))
    found: set[int] = set()
    for plot_id, cert in db.session.execute(query):
        if effective_status(cert, today)[0] == "active":
            found.add(plot_id)
    return found
