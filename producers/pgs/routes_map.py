"""Pages: the plots on a map (the data the plot list's map draws)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from core.auth.policies import require
from producers import bp
from producers.pgs import permissions, plot_map  # noqa: F401


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
