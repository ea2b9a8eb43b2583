"""What the public /q/<token> page says, as plain data (the HTML page and the
JSON answer show the same facts).

Cheap on purpose: one query finds the token (across tenants: the token alone
names the tenant) together with the plot's certificates and last inspection;
the slow-changing facts (names, plot, village, the lot and its certification at
harvest) are kept in process for a minute, and a whole answer for a few
seconds (``FRESH_SECONDS``; any write in this process drops it at once). Never a phone number, a
national ID or exact coordinates."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, aliased

from core import clock
from core.db import db
from core.registry.models import Village
from core.tenancy import crossing
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from producers import certification
from producers.lots import certstatus
from producers.models.lots import Lot, QrCode
from producers.models.pgs import (
    Certificate,
    CertificatePlot,
    Farm,
    Inspection,
    Planting,
    Plot,
    ProducerGroup,
)

STATIC_TTL = 60.0  # seconds the slow-changing facts are reused
# Seconds a whole answer (the certification now included) is reused by this
# process: well under the page's own Cache-Control max-age, so no client sees
# older news than it is already allowed to keep. Any write of a certificate,
# plot, lot or inspection in this process drops the cache at once; other
# processes see it within this bound. 0 reads the certification on every request.
FRESH_SECONDS = float(os.environ.get("PRODUCERS_QR_FRESH_SECONDS", "5"))
_CACHE_MAX = 5000
COARSE_DIGITS = 1  # ~11 km: enough to say where, never which field


@dataclass(frozen=True)
class Located:
    token: str
    tenant_id: int
    plot_id: int
    lot_id: int | None


def locate(token: str) -> Located | None:
    tenant_id = crossing.tenant_of(QrCode.token, token)
    if tenant_id is None or not db.session.scalar(sa.select(Tenant.active).where(Tenant.id == tenant_id)):
        return None
    with tenant_context(tenant_id):
        row = db.session.execute(
            sa.select(QrCode.plot_id, QrCode.lot_id).where(QrCode.token == token)
        ).first()
    return Located(token, tenant_id, row.plot_id, row.lot_id) if row else None


_static: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


_fresh: dict[str, tuple[float, dict]] = {}


def clear_cache() -> None:
    from core import microcache

    with _lock:
        _static.clear()
        _fresh.clear()
    microcache.clear("/q/")


_WATCHED: tuple[type, ...] = ()


@event.listens_for(Session, "after_flush")
def _drop_on_write(session, flush_context) -> None:
    """A write to anything the page shows empties this process's caches."""
    global _WATCHED
    if not _WATCHED:
        _WATCHED = (Certificate, CertificatePlot, Inspection, Lot, QrCode, Plot, Farm, ProducerGroup, Planting)
    from core import microcache

    if not (_static or _fresh or microcache.holds("/q/")):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _WATCHED):
            clear_cache()
            return


def _coarse(value) -> float | None:
    return None if value is None else round(float(value), COARSE_DIGITS)


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _static_facts(where: Located) -> dict:
    """Names, plot, village and lot (one query); the caller holds the tenant context."""
    plot_village = aliased(Village)
    farm_village = aliased(Village)
    row = db.session.execute(
        sa.select(
            Tenant.slug, Tenant.name_th, Tenant.name_en, Tenant.settings,
            Plot.code, Plot.name, Plot.area_sqm, Plot.lat, Plot.lon,
            Farm.name.label("farm_name"), ProducerGroup.name.label("group_name"),
            farm_village.name_th.label("village_th"), farm_village.name_en.label("village_en"),
            farm_village.moo.label("moo"), plot_village.name_th.label("group_village_th"),
        )
        .select_from(Plot)
        .join(Tenant, Tenant.id == Plot.tenant_id)
        .join(Farm, sa.and_(Farm.id == Plot.farm_id, Farm.tenant_id == Plot.tenant_id))
        .outerjoin(ProducerGroup, sa.and_(ProducerGroup.id == Farm.group_id,
                                          ProducerGroup.tenant_id == Farm.tenant_id))
        .outerjoin(farm_village, sa.and_(farm_village.id == Farm.village_id,
                                         farm_village.tenant_id == Farm.tenant_id))
        .outerjoin(plot_village, sa.and_(plot_village.id == ProducerGroup.village_id,
                                         plot_village.tenant_id == ProducerGroup.tenant_id))
        .where(Plot.id == where.plot_id)
    ).first()
    if row is None:
        return {}
    lot = db.session.get(Lot, where.lot_id) if where.lot_id else None
    crops = [lot.crop] if lot else sorted(set(db.session.scalars(
        sa.select(Planting.crop).where(Planting.plot_id == where.plot_id))))
    settings = row.settings or {}
    village_th = row.village_th or row.group_village_th
    village = None
    if village_th:
        village = {"name_th": village_th, "name_en": row.village_en or "", "moo": row.moo}
    return {
        "tenant_slug": row.slug,
        "network": {"code": settings.get("network_code") or row.slug.upper(),
                    "name_th": row.name_th, "name_en": row.name_en or row.name_th},
        "producer": {"farm": row.farm_name, "group": row.group_name},
        "plot": {
            "code": row.code, "name": row.name, "area_sqm": row.area_sqm, "village": village,
            "approx_location": ({"lat": _coarse(row.lat), "lon": _coarse(row.lon)}
                                if row.lat is not None and row.lon is not None else None),
        },
        "crops": crops,
        "lot": None if lot is None else {
            "number": lot.number, "crop": lot.crop, "harvested_on": _d(lot.harvested_on),
            "quantity_kg": lot.quantity_g / 1000,
        },
        "certification_at_harvest": None if lot is None else {
            "status": lot.cert_status_at_harvest, "level": lot.cert_level_at_harvest,
            "certificate_number": lot.cert_number_at_harvest,
        },
        "_crop": lot.crop if lot else None,
    }


def _cached_static(where: Located) -> dict:
    now = time.monotonic()
    hit = _static.get(where.token)
    if hit is not None and hit[0] > now:
        return hit[1]
    facts = _static_facts(where)
    with _lock:
        if len(_static) >= _CACHE_MAX:
            _static.clear()
        _static[where.token] = (now + STATIC_TTL, facts)
    return facts


_LIVE: sa.Select | None = None


def _live_statement() -> sa.Select:
    """One statement, built once: the token's tenant, plot and lot crop, every
    certificate of the plot in force by ``:day`` and the farm's last inspection.
    Every join names the tenant, as it runs before a tenant is known."""
    global _LIVE
    if _LIVE is not None:
        return _LIVE
    day = sa.bindparam("day", type_=sa.Date)

    def last_inspection(column):
        return (
            sa.select(column)
            .where(Inspection.farm_id == Plot.farm_id, Inspection.tenant_id == QrCode.tenant_id,
                   Inspection.status.in_(certification.DONE_INSPECTION), Inspection.inspected_on.is_not(None),
                   Inspection.inspected_on <= day)
            .order_by(Inspection.inspected_on.desc(), Inspection.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    _LIVE = (
        sa.select(
            QrCode.tenant_id, QrCode.plot_id, QrCode.lot_id, Lot.crop.label("lot_crop"),
            Certificate.id.label("cert_id"), Certificate.number, Certificate.level, Certificate.status,
            Certificate.valid_from, Certificate.valid_until, Certificate.suspended_until, Certificate.updated_at,
            CertificatePlot.crops,
            last_inspection(Inspection.inspected_on).label("inspected_on"),
            last_inspection(Inspection.verdict).label("verdict"),
        )
        .select_from(QrCode)
        .join(Tenant, sa.and_(Tenant.id == QrCode.tenant_id, Tenant.active))
        .join(Plot, sa.and_(Plot.id == QrCode.plot_id, Plot.tenant_id == QrCode.tenant_id))
        .outerjoin(Lot, sa.and_(Lot.id == QrCode.lot_id, Lot.tenant_id == QrCode.tenant_id))
        .outerjoin(CertificatePlot, sa.and_(CertificatePlot.plot_id == QrCode.plot_id,
                                            CertificatePlot.tenant_id == QrCode.tenant_id))
        .outerjoin(Certificate, sa.and_(Certificate.id == CertificatePlot.certificate_id,
                                        Certificate.tenant_id == QrCode.tenant_id, Certificate.valid_from <= day))
        .where(QrCode.token == sa.bindparam("token", type_=sa.String))
    )
    return _LIVE


def _live(token: str, day: date) -> list:
    """One read in a transaction bound to the token's tenant (row-level
    security shows an unbound connection nothing, and an autocommit
    connection would lose the binding after its first statement). Core
    execution: no ORM entities, so no tenant criteria to add; the statement
    carries its own tenant joins."""
    tenant_id = crossing.tenant_of(QrCode.token, token)
    if tenant_id is None:
        return []
    with tenant_context(tenant_id), db.engine.connect() as conn:
        return conn.execute(_live_statement(), {"token": token, "day": day}).all()


def _certification_now(rows, crop: str | None, day: date) -> certstatus.PlotCertification:
    """The same choice as ``producers.certification.plot_status`` (the active
    certificate wins, organic first, then the most recent), from rows already
    read; a test holds the two to the same answer."""
    best = None
    for row in rows:
        if row.cert_id is None or not certification._covers(row.crops, crop):
            continue
        cert = SimpleNamespace(status=row.status, suspended_until=row.suspended_until,
                               valid_until=row.valid_until, updated_at=row.updated_at)
        status, until, changed = certification.effective_status(cert, day)
        key = (certification._RANK[status], 0 if row.level == "organic" else 1,
               -row.valid_from.toordinal(), -row.cert_id)
        if best is None or key < best[0]:
            best = (key, row, status, until, changed)
    first = rows[0]
    if best is None:
        return certstatus.PlotCertification(None, "none", None, None, None, None, None,
                                             first.inspected_on, first.verdict, None)
    _, row, status, until, changed = best
    return certstatus.PlotCertification(row.level, status, row.cert_id, row.number, row.valid_from,
                                        row.valid_until, until, first.inspected_on, first.verdict, changed)


def facts_for(token: str) -> dict | None:
    """Every fact of the page, or None for an unknown token. One query on
    each request (two when the slow-changing facts are not in the cache)."""
    now_clock = time.monotonic()
    hit = _fresh.get(token)
    if hit is not None and hit[0] > now_clock:
        return hit[1]
    day = clock.today()
    rows = _live(token, day)
    if not rows:
        return None
    first = rows[0]
    where = Located(token, first.tenant_id, first.plot_id, first.lot_id)
    now = _certification_now(rows, first.lot_crop, day)
    with tenant_context(where.tenant_id):
        static = _cached_static(where)
    if not static:
        return None
    facts = {k: v for k, v in static.items() if not k.startswith("_")}
    facts["token"] = token
    facts["subject"] = "lot" if where.lot_id else "plot"
    facts["certification_now"] = {
        "status": now.status, "level": now.level, "certificate_number": now.certificate_number,
        "valid_from": _d(now.valid_from), "valid_until": _d(now.valid_until),
        "suspended_until": _d(now.suspended_until),
    }
    facts["last_inspection"] = (
        {"on": _d(now.last_inspection_on), "outcome": now.last_inspection_verdict}
        if now.last_inspection_on else None
    )
    facts["banner"] = now.status if now.status in certstatus.BANNER_STATUSES else None
    facts["changed_at"] = now.changed_at.isoformat() if now.changed_at else None
    if FRESH_SECONDS > 0:
        with _lock:
            if len(_fresh) >= _CACHE_MAX:
                _fresh.clear()
            _fresh[token] = (now_clock + FRESH_SECONDS, facts)
    return facts
