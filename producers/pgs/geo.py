"""Plot location and area: GeoJSON checked by hand (a Point or a Polygon in
WGS84 longitude/latitude), typed coordinates, and Thai land units.

1 rai = 4 ngan = 400 square wa = 1,600 m²; 1 ngan = 400 m²; 1 square wa = 4 m².
"""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.errors import N_, ValidationError

SQM_PER_RAI = 1600
SQM_PER_NGAN = 400
SQM_PER_WA = 4
MAX_AREA_SQM = 100_000_000  # 10,000 ha: more is a typing mistake
MAX_VERTICES = 5000


class InvalidGeometry(ValidationError):
    code = "invalid_geometry"
    message = N_(
        "The location is not valid GeoJSON: give a Point or a Polygon with longitude/latitude coordinates"
    )


class InvalidArea(ValidationError):
    code = "invalid_area"
    message = N_("The area must be greater than zero")


class InvalidCoordinate(ValidationError):
    code = "invalid_coordinate"
    message = N_("Latitude must be between -90 and 90 and longitude between -180 and 180")


def area_from_units(rai=None, ngan=None, wa=None, sqm=None) -> int:
    """Square metres from rai–ngan–square wa or from m² (one or the other)."""
    parts = [_number(v) for v in (rai, ngan, wa)]
    metres = _number(sqm)
    if metres is not None and any(p is not None for p in parts):
        total_units = sum(
            (p or 0) * f
            for p, f in zip(parts, (SQM_PER_RAI, SQM_PER_NGAN, SQM_PER_WA), strict=True)
        )
        if abs(total_units - metres) > 1:
            raise InvalidArea(
                N_("Give the area either in rai–ngan–square wa or in m², not both"),
                field="area_sqm",
            )
    if metres is None:
        if all(p is None for p in parts):
            raise InvalidArea(field="area_sqm")
        if any(p is not None and p < 0 for p in parts):
            raise InvalidArea(field="area_sqm")
        metres = sum(
            (p or 0) * f
            for p, f in zip(parts, (SQM_PER_RAI, SQM_PER_NGAN, SQM_PER_WA), strict=True)
        )
    area = int(Decimal(metres).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if area <= 0:
        raise InvalidArea(field="area_sqm")
    if area > MAX_AREA_SQM:
        raise InvalidArea(N_("The area is too large: check the unit"), field="area_sqm")
    return area


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InvalidArea(N_("The area must be a number"), field="area_sqm") from None
    if not number.is_finite():
        raise InvalidArea(N_("The area must be a number"), field="area_sqm")
    return number


def to_rai_ngan_wa(area_sqm: int) -> tuple[int, int, Decimal]:
    rai, rest = divmod(area_sqm, SQM_PER_RAI)
    ngan, rest = divmod(rest, SQM_PER_NGAN)
    return rai, ngan, (Decimal(rest) / SQM_PER_WA).quantize(Decimal("0.01"))


def format_area(area_sqm: int) -> str:
    rai, ngan, wa = to_rai_ngan_wa(area_sqm)
    wa_text = f"{wa:.2f}".rstrip("0").rstrip(".")
    return f"{rai}-{ngan}-{wa_text}"


def coordinate(lat, lon) -> tuple[Decimal, Decimal] | None:
    """Typed latitude/longitude (both or neither), rounded to 6 decimals."""
    blank = [v is None or (isinstance(v, str) and not v.strip()) for v in (lat, lon)]
    if all(blank):
        return None
    if any(blank):
        raise InvalidCoordinate(N_("Give both latitude and longitude"), field="lat")
    try:
        la = Decimal(str(lat).strip())
        lo = Decimal(str(lon).strip())
    except (InvalidOperation, ValueError):
        raise InvalidCoordinate(field="lat") from None
    if not (la.is_finite() and lo.is_finite()) or not (-90 <= la <= 90 and -180 <= lo <= 180):
        raise InvalidCoordinate(field="lat")
    q = Decimal("0.000001")
    return la.quantize(q), lo.quantize(q)


def parse_geometry(value) -> dict | None:
    """A GeoJSON geometry (or a Feature wrapping one) from text or a dict:
    a Point or a Polygon (closed rings, ≥ 4 positions, coordinates in range).
    Blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise InvalidGeometry(field="geometry") from None
    if not isinstance(value, dict):
        raise InvalidGeometry(field="geometry")
    if value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            raise InvalidGeometry(field="geometry")
    kind = value.get("type")
    coords = value.get("coordinates")
    if kind == "Point":
        return {"type": "Point", "coordinates": _position(coords)}
    if kind == "Polygon":
        if not isinstance(coords, list) or not coords or len(coords) > 100:
            raise InvalidGeometry(field="geometry")
        rings = [_ring(r) for r in coords]
        if sum(len(r) for r in rings) > MAX_VERTICES:
            raise InvalidGeometry(field="geometry")
        return {"type": "Polygon", "coordinates": rings}
    raise InvalidGeometry(field="geometry")


def _position(p) -> list[float]:
    if not isinstance(p, list) or len(p) not in (2, 3):
        raise InvalidGeometry(field="geometry")
    if not all(
        isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in p
    ):
        raise InvalidGeometry(field="geometry")
    lon, lat = float(p[0]), float(p[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidGeometry(field="geometry")
    return [round(lon, 7), round(lat, 7)]


def _ring(ring) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise InvalidGeometry(field="geometry")
    positions = [_position(p) for p in ring]
    if positions[0] != positions[-1]:
        raise InvalidGeometry(field="geometry")
    if len({tuple(p) for p in positions}) < 3:
        raise InvalidGeometry(field="geometry")
    return positions


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of a Point, or the mean of a Polygon's outer ring."""
    if not geometry:
        return None
    if geometry["type"] == "Point":
        lon, lat = geometry["coordinates"][:2]
        return lat, lon
    ring = geometry["coordinates"][0][:-1]
    return sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring)


def polygon_area_sqm(geometry: dict | None) -> int | None:
    """Approximate area of a Polygon (equirectangular projection at its
    latitude; good to a few percent at plot scale)."""
    if not geometry or geometry["type"] != "Polygon":
        return None
    ring = geometry["coordinates"][0]
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    r = 6_371_008.8
    pts = [(math.radians(p[0]) * r * math.cos(lat0), math.radians(p[1]) * r) for p in ring]
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False))
    return round(abs(twice) / 2)
