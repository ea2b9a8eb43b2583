"""The network's plots as one GeoJSON FeatureCollection, for the staff's map:
each plot's drawn shape (or its point), code, name, farm, area and whether it
is certified today. Exact locations: staff only, never on public pages."""

from __future__ import annotations

from producers.certification import sellable_plot_ids
from producers.pgs import queries

MAX_PLOTS = 20_000


def feature_collection() -> dict:
    """Two queries whatever the number of plots."""
    rows = queries.plot_locations(by_code=True, limit=MAX_PLOTS)
    certified = sellable_plot_ids()
    features = []
    for r in rows:
        if r.shape:
            geometry = r.shape
        elif r.lat is not None and r.lon is not None:
            geometry = {"type": "Point", "coordinates": [float(r.lon), float(r.lat)]}
        else:
            continue  # a plot with no location is in the list, not on the map
        features.append({
            "type": "Feature", "id": r.id, "geometry": geometry,
            "properties": {"code": r.code, "name": r.name, "farm": r.farm, "farm_id": r.farm_id,
                           "area_sqm": r.area_sqm, "land_type": r.land_type,
                           "certified": r.id in certified, "drawn": bool(r.shape)},
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}
