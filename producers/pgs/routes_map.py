"""Data for the staff's map of plots: GeoJSON, exact shapes (the map page and
its drawing widget live with the front end)."""

from __future__ import annotations

from flask import jsonify, url_for

from core.auth.policies import require
from producers import bp
from producers.pgs import (
    permissions,  # noqa: F401
    plot_map,
)


@bp.get("/pgs/plots.geojson")
@require("producers.dashboard")
def pgs_plots_geojson():
    response = jsonify(plot_map.feature_collection())
    response.mimetype = "application/geo+json"
    response.headers["Cache-Control"] = "private, max-age=60"
    response.headers["Link"] = f'<{url_for("producers.pgs_plots")}>; rel="alternate"; type="text/html"'
    return response
