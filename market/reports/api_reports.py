"""API: the goods centre's report of beneficiaries reached
(``/api/v1/t/<slug>/market``), on the market orders API blueprint (aggregates
only)."""

from __future__ import annotations

from flask.views import MethodView

from core.api_auth import api_require
from market.orders.api_orders import blp
from market.reports import queries as reports
from market.reports.schemas import MarketBeneficiariesOut


@blp.route("/reports/beneficiaries")
class Beneficiaries(MethodView):
    @api_require("market.reports.view")
    @blp.response(200, MarketBeneficiariesOut)
    def get(self):
        """Villages, households and people served, per round and programme."""
        rounds, total = reports.beneficiaries_by_round()
        return {"rounds": rounds, "programmes": reports.beneficiaries_by_programme(), "total": total}
