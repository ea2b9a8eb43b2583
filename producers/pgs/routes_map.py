"""Pages: the plots on a map (the data the plot list's map draws), and the
same plots as one GeoJSON FeatureCollection for other map tools."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from core.auth.policies import require
from producers import bp
from producers.pgs import permissions, plot_geojson, plot_map  # noqa: F401


@bp.get("/pgs/plots/map.json")
@require("producers.view")
def pgs_plots_map():
    data = plot_map.plots(q=request.args.get("q", "")[:100])
    data["labels"] = {
        "organic": _("Organic"),
        "in_conversion": _("In conversion"),
        "suspended": _("Suspended"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
        "none": _("Not certified"),
    }
    return jsonify(data)


@bp.get("/pgs/plots.geojson")
@require("producers.dashboard")
def pgs_plots_geojson():
    response = jsonify(plot_geojson.feature_collection())
    response.mimetype = "application/geo+json"
    response.headers["Cache-Control"] = "private, max-age=60"
    response.headers["Link"] = f'<{url_for("producers.pgs_plots")}>; rel="alternate"; type="text/html"'
    return response
