"""The network dashboard: plots, area, producers by crop and certification
level, expected harvest by month, a coarse map grid, and non-compliances
(open, and how fast they close). All in a handful of grouped queries, so it
stays fast with thousands of plots."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from core import clock, csv_export
from core.db import db
from core.registry.models import Person, Village
from producers.certification import effective_status
from producers.models.pgs import (
    Certificate,
    CertificatePlot,
    Farm,
    NonCompliance,
    Planting,
    Plot,
    ProducerGroup,
)
from producers.pgs import geo

GRID_DEGREES = 0.1  # about 11 km: coarse enough to show no farm


def plot_levels(today: date | None = None) -> dict[int, tuple[str, str | None]]:
    """plot id -> (status, level) of the certificate that counts today."""
    today = today or clock.today()
    rank = {"active": 0, "suspended": 1, "expired": 2, "revoked": 3}
    best: dict[int, tuple] = {}
    rows = db.session.execute(
        sa.select(CertificatePlot.plot_id, Certificate)
        .join(Certificate, Certificate.id == CertificatePlot.certificate_id)
        .where(Certificate.valid_from <= today)
    )
    for plot_id, cert in rows:
        status = effective_status(cert, today)[0]
        key = (rank[status], 0 if cert.level == "organic" else 1, -cert.valid_from.toordinal())
        if plot_id not in best or key < best[plot_id][0]:
            best[plot_id] = (key, status, cert.level)
    return {pid: (v[1], v[2]) for pid, v in best.items()}


def category(status_level: tuple[str, str | None] | None) -> str:
    if status_level is None:
        return "none"
    status, level = status_level
    return level if status == "active" else status


@dataclass
class Dashboard:
    plots: int = 0
    area_sqm: int = 0
    farms: int = 0
    groups: int = 0
    by_category: dict = field(default_factory=dict)  # category -> {"plots", "area_sqm", "farms"}
    crops: list = field(default_factory=list)  # [(crop, {category: farms})]
    harvest: list = field(default_factory=list)  # [(YYYY-MM, kg)]
    grid: list = field(default_factory=list)  # [(lat, lon, count)]
    nc_open: dict = field(default_factory=dict)
    nc_overdue: int = 0
    nc_closed: int = 0
    nc_median_days: float | None = None
    nc_closed_in_time: int = 0

    @property
    def area_text(self) -> str:
        return geo.format_area(self.area_sqm)


def build(today: date | None = None) -> Dashboard:
    today = today or clock.today()
    d = Dashboard()
    levels = plot_levels(today)
    plots = db.session.execute(
        sa.select(Plot.id, Plot.farm_id, Plot.area_sqm, Plot.lat, Plot.lon).where(Plot.active)
    ).all()
    d.plots = len(plots)
    d.area_sqm = sum(p.area_sqm for p in plots)
    d.farms = db.session.scalar(sa.select(sa.func.count(Farm.id))) or 0
    d.groups = db.session.scalar(sa.select(sa.func.count(ProducerGroup.id))) or 0
    by_cat: dict[str, dict] = defaultdict(lambda: {"plots": 0, "area_sqm": 0, "farms": set()})
    plot_cat: dict[int, str] = {}
    grid: Counter = Counter()
    for p in plots:
        cat = category(levels.get(p.id))
        plot_cat[p.id] = cat
        by_cat[cat]["plots"] += 1
        by_cat[cat]["area_sqm"] += p.area_sqm
        by_cat[cat]["farms"].add(p.farm_id)
        if p.lat is not None and p.lon is not None:
            cell = (int(float(p.lat) // GRID_DEGREES), int(float(p.lon) // GRID_DEGREES))
            grid[cell] += 1
    order = ("organic", "in_conversion", "suspended", "expired", "revoked", "none")
    d.by_category = {
        c: {
            "plots": by_cat[c]["plots"],
            "area_sqm": by_cat[c]["area_sqm"],
            "farms": len(by_cat[c]["farms"]),
        }
        for c in order
        if c in by_cat
    }
    d.grid = sorted(
        (
            (round((la + 0.5) * GRID_DEGREES, 2), round((lo + 0.5) * GRID_DEGREES, 2), n)
            for (la, lo), n in grid.items()
        )
    )

    plantings = db.session.execute(
        sa.select(
            Planting.plot_id,
            Planting.crop,
            Planting.expected_harvest_on,
            Planting.expected_quantity_kg,
            Plot.farm_id,
        ).join(Plot, Plot.id == Planting.plot_id)
    ).all()
    crop_farms: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    harvest: dict[str, Decimal] = defaultdict(Decimal)
    horizon = date(today.year + 1, today.month, 1)
    for row in plantings:
        crop = row.crop.strip()
        crop_farms[crop][plot_cat.get(row.plot_id, "none")].add(row.farm_id)
        if (
            row.expected_harvest_on
            and row.expected_quantity_kg is not None
            and date(today.year, today.month, 1)
            <= row.expected_harvest_on
            < date(horizon.year, horizon.month, 28)
        ):
            harvest[row.expected_harvest_on.strftime("%Y-%m")] += row.expected_quantity_kg
    d.crops = sorted(
        ((crop, {c: len(f) for c, f in cats.items()}) for crop, cats in crop_farms.items()),
        key=lambda x: -sum(x[1].values()),
    )[:30]
    d.harvest = sorted(harvest.items())

    ncs = db.session.execute(
        sa.select(
            NonCompliance.grade,
            NonCompliance.status,
            NonCompliance.opened_on,
            NonCompliance.closed_on,
            NonCompliance.due_on,
        )
    ).all()
    d.nc_open = dict(Counter(n.grade for n in ncs if n.status == "open"))
    d.nc_overdue = sum(1 for n in ncs if n.status == "open" and n.due_on < today)
    closed = [n for n in ncs if n.status == "closed"]
    d.nc_closed = len(closed)
    if closed:
        d.nc_median_days = statistics.median((n.closed_on - n.opened_on).days for n in closed)
        d.nc_closed_in_time = sum(1 for n in closed if n.closed_on <= n.due_on)
    return d


def bars(items: list[tuple[str, float]], width: int = 320, bar_height: int = 18) -> dict:
    """Geometry for a horizontal inline-SVG bar chart."""
    top = max((float(v) for _, v in items), default=0) or 1
    label_w = 90
    rows = []
    for i, (label, value) in enumerate(items):
        rows.append(
            {
                "label": label,
                "value": value,
                "y": i * (bar_height + 6),
                "w": round((width - label_w - 60) * float(value) / top, 1),
            }
        )
    return {
        "rows": rows,
        "height": max(1, len(items)) * (bar_height + 6),
        "width": width,
        "label_w": label_w,
        "bar_h": bar_height,
    }


def grid_svg(cells: list[tuple[float, float, int]], size: int = 320) -> dict:
    """Cells placed in a box around the plots (north up); radius by count."""
    if not cells:
        return {"cells": [], "size": size}
    lats = [c[0] for c in cells]
    lons = [c[1] for c in cells]
    pad = GRID_DEGREES
    min_lat, max_lat = min(lats) - pad, max(lats) + pad
    min_lon, max_lon = min(lons) - pad, max(lons) + pad
    span = max(max_lat - min_lat, max_lon - min_lon)
    top = max(c[2] for c in cells)
    out = []
    for lat, lon, n in cells:
        x = (lon - min_lon) / span * size
        y = (max_lat - lat) / span * size
        out.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(4 + 14 * (n / top) ** 0.5, 1),
                "n": n,
                "lat": lat,
                "lon": lon,
            }
        )
    return {"cells": out, "size": size}


EXPORT_COLUMNS = (
    "plot_code",
    "plot_name",
    "farm_name",
    "farmer",
    "group_name",
    "village",
    "area_sqm",
    "area_rai_ngan_wa",
    "land_type",
    "water_source",
    "lat",
    "lon",
    "certification",
    "crops",
)


def export_csv() -> str:
    """The plot register as CSV text (see :func:`export_rows`)."""
    return csv_export.text(EXPORT_COLUMNS, export_rows(), bom=False)


def export_rows() -> list[list]:
    """The plot register's rows (staff only: coordinates included, no
    national IDs or phones); core.csv_export guards the cells."""
    levels = plot_levels()
    crops: dict[int, set] = defaultdict(set)
    for plot_id, crop in db.session.execute(sa.select(Planting.plot_id, Planting.crop)):
        crops[plot_id].add(crop)
    rows = db.session.execute(
        sa.select(Plot, Farm, Person, ProducerGroup, Village)
        .join(Farm, Farm.id == Plot.farm_id)
        .join(Person, Person.id == Farm.person_id)
        .outerjoin(ProducerGroup, ProducerGroup.id == Farm.group_id)
        .outerjoin(Village, Village.id == Farm.village_id)
        .order_by(Plot.code)
    ).all()
    return [
        [
            plot.code,
                plot.name,
                farm.name,
                person.name_th,
                group.name if group else "",
                village.label("th") if village else "",
                plot.area_sqm,
                geo.format_area(plot.area_sqm),
                plot.land_type,
                plot.water_source or "",
                plot.lat if plot.lat is not None else "",
                plot.lon if plot.lon is not None else "",
                category(levels.get(plot.id)),
                "; ".join(sorted(crops.get(plot.id, ()))),
            ]
        for plot, farm, person, group, village in rows
    ]
