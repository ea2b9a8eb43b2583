"""The plots on a map, for staff and members of the network (the plot pages
show the same exact locations): each plot's point (its typed coordinates, or
the middle of its shape) and certification, and the outline of the plots
whose shape was drawn. Public pages never use this: they show a coarse area
(producers.lots.facts)."""

from __future__ import annotations

from producers.pgs import dashboard, geo, queries

MAX_SHAPE_POSITIONS = 60_000  # outlines beyond this many corners in all: points only


def _polygon(geometry) -> list | None:
    if isinstance(geometry, dict) and geometry.get("type") == "Polygon":
        rings = geometry.get("coordinates") or []
        return rings[0] if rings else None
    return None


def plots(q: str = "") -> dict:
    """``{"plots": [[id, lat, lon, category, code, name, ring or None], …],
    "unmapped": n}`` for the plots the list shows (same search); a ring is
    ``[[lon, lat], …]`` as in GeoJSON."""
    levels = dashboard.plot_levels()
    out, unmapped, budget = [], 0, MAX_SHAPE_POSITIONS
    for row in queries.plot_locations(q):
        geometry = row.shape or row.geometry  # the drawn shape, else the typed geometry
        ring = _polygon(geometry)
        point: tuple[float, float] | None = None
        if row.lat is not None and row.lon is not None:
            point = float(row.lat), float(row.lon)
        elif geometry:
            point = geo.centroid(geometry)
        if point is None:
            unmapped += 1
            continue
        lat, lon = point
        if ring is not None:
            budget -= len(ring)
            if budget < 0:
                ring = None
        out.append([
            row.id,
            round(lat, 6),
            round(lon, 6),
            dashboard.category(levels.get(row.id)),
            row.code,
            row.name,
            [[round(p[0], 7), round(p[1], 7)] for p in ring] if ring else None,
        ])
    return {"plots": out, "unmapped": unmapped}
