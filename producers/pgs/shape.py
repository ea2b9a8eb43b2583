"""A plot's drawn shape: a GeoJSON Polygon in [longitude, latitude] order,
checked by hand (closed outer ring, at least three distinct corners, every
position in range, no edge crossing another) and measured in square metres.

No database, no clock. The area uses a local equal-area projection about the
ring's mean latitude (good to well under 1% at the size of a farm); the
centroid is the area-weighted centre of the ring, which for a convex plot
lies inside it.
"""

from __future__ import annotations

import json
import math

from core.errors import N_
from producers.pgs.geo import InvalidGeometry

MAX_SHAPE_VERTICES = 500  # a plot drawn on a phone; more is not a plot
EARTH_RADIUS_M = 6_371_008.8


class InvalidShape(InvalidGeometry):
    code = "invalid_shape"
    message = N_(
        "The plot's shape is not valid: draw it again, or type the latitude and longitude instead"
    )


class SelfCrossingShape(InvalidShape):
    code = "shape_crosses_itself"
    message = N_("The plot's boundary crosses itself: draw it again so that no two edges cross")


def parse(value) -> dict | None:
    """The drawn Polygon from text or a dict (a Feature wrapping one is
    accepted), closed if the last corner was left open; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        if len(value) > 100_000:
            raise InvalidShape(field="shape")
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise InvalidShape(field="shape") from None
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise InvalidShape(field="shape")
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        raise InvalidShape(field="shape")
    ring: list[list[float]] = []
    for raw in rings[0]:  # holes are not kept: a plot is one outline
        position = _position(raw)
        if not ring or ring[-1] != position:  # a corner tapped twice counts once
            ring.append(position)
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    corners = ring[:-1]
    if len({tuple(p) for p in corners}) < 3 or len(corners) > MAX_SHAPE_VERTICES:
        raise InvalidShape(field="shape")
    if crosses_itself(ring):
        raise SelfCrossingShape(field="shape")
    shape = {"type": "Polygon", "coordinates": [ring]}
    if area_sqm(shape) < 1:
        raise InvalidShape(field="shape")
    return shape


def _position(p) -> list[float]:
    if not isinstance(p, list) or len(p) not in (2, 3):
        raise InvalidShape(field="shape")
    if not all(
        isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in p
    ):
        raise InvalidShape(field="shape")
    lon, lat = float(p[0]), float(p[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidShape(field="shape")
    return [round(lon, 7), round(lat, 7)]


def _projected(ring: list[list[float]]) -> list[tuple[float, float]]:
    """Metres east and north of the first corner (equal-area about the mean
    latitude)."""
    lat0 = math.radians(sum(p[1] for p in ring[:-1]) / (len(ring) - 1))
    lon_ref, lat_ref = ring[0]
    k = math.cos(lat0) * EARTH_RADIUS_M
    return [
        (math.radians(lon - lon_ref) * k, math.radians(lat - lat_ref) * EARTH_RADIUS_M)
        for lon, lat in ring
    ]


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _on_segment(p, q, r) -> bool:
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def _segments_meet(p1, p2, p3, p4) -> bool:
    d1, d2 = _cross(p3, p4, p1), _cross(p3, p4, p2)
    d3, d4 = _cross(p1, p2, p3), _cross(p1, p2, p4)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return (
        (d1 == 0 and _on_segment(p3, p1, p4))
        or (d2 == 0 and _on_segment(p3, p2, p4))
        or (d3 == 0 and _on_segment(p1, p3, p2))
        or (d4 == 0 and _on_segment(p1, p4, p2))
    )


def crosses_itself(ring: list[list[float]]) -> bool:
    """True when two edges of the closed ring that are not neighbours touch or
    cross, or two neighbours fold back over each other."""
    pts = _projected(ring)
    edges = list(zip(pts, pts[1:], strict=False))
    n = len(edges)
    for i in range(n):
        a1, a2 = edges[i]
        if a1 == a2:
            continue  # a repeated corner is harmless
        for j in range(i + 1, n):
            b1, b2 = edges[j]
            if b1 == b2:
                continue
            neighbours = j == i + 1 or (i == 0 and j == n - 1)
            if neighbours:
                shared = a2 if j == i + 1 else a1
                other_a = a1 if j == i + 1 else a2
                other_b = b2 if j == i + 1 else b1
                # folding back: the next edge runs along this one
                if _cross(shared, other_a, other_b) == 0 and (
                    _on_segment(shared, other_b, other_a) or _on_segment(shared, other_a, other_b)
                ):
                    return True
                continue
            if _segments_meet(a1, a2, b1, b2):
                return True
    return False


def _signed_twice_area(pts: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False))


def area_sqm(shape: dict) -> int:
    """The area enclosed by the outer ring, in whole square metres."""
    return round(abs(_signed_twice_area(_projected(shape["coordinates"][0]))) / 2)


def centroid(shape: dict) -> tuple[float, float]:
    """(lat, lon) of the ring's area-weighted centre."""
    ring = shape["coordinates"][0]
    pts = _projected(ring)
    twice = _signed_twice_area(pts)
    if twice == 0:
        corners = ring[:-1]
        return sum(p[1] for p in corners) / len(corners), sum(p[0] for p in corners) / len(corners)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        f = x1 * y2 - x2 * y1
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    cx, cy = cx / (3 * twice), cy / (3 * twice)
    lat0 = math.radians(sum(p[1] for p in ring[:-1]) / (len(ring) - 1))
    lon = ring[0][0] + math.degrees(cx / (math.cos(lat0) * EARTH_RADIUS_M))
    lat = ring[0][1] + math.degrees(cy / EARTH_RADIUS_M)
    return round(lat, 6), round(lon, 6)
