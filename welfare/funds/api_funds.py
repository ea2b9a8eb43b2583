"""API: welfare funds (``/api/v1/t/<slug>/welfare``): the blueprint of the
welfare API and its funds. Each area adds its own routes to it from its API
module: meetings, resolutions and disbursements (welfare.governance.api_governance),
grants, tranches and donations (welfare.sources.api_sources), members and
contributions (welfare.members.api_members), budgets (welfare.budgets.api_budgets),
benefits and claims (welfare.benefits.api_benefits). The same permissions as the
pages; amounts are integer satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

import welfare.funds.permissions  # noqa: F401
from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes
from welfare.funds import queries, services
from welfare.funds.schemas import WelfareFundDetailOut, WelfareFundIn, WelfareFundOut

blp = Blueprint("welfare_funds_api", __name__, url_prefix="/api/v1/t/<slug>/welfare",
                description="Welfare funds: sources, budgets, resolutions, M-of-N approvals, benefits")


# --- funds -----------------------------------------------------------------------------


def _fund_detail(fund):
    data = {k: getattr(fund, k) for k in WelfareFundOut._declared_fields}
    data["balances"] = queries.balances(fund)
    data["required_approvals"] = queries.required_for(fund.id)
    return data


@blp.route("/funds")
class Funds(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareFundOut(many=True))
    @paged(blp)
    def get(self):
        """The organisation's funds."""
        return services.list_funds()

    @api_require("welfare.funds.manage")
    @blp.arguments(WelfareFundIn)
    @blp.response(201, WelfareFundDetailOut)
    @api_writes
    def post(self, data):
        """Open a fund: its own ledger book and a 2-of-N approval policy."""
        fund = services.create_fund(**data, actor_id=current_user.id)
        return _fund_detail(fund)


@blp.route("/funds/<int:fund_id>")
class FundDetail(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareFundDetailOut)
    def get(self, fund_id: int):
        """A fund with the balance of each account of its book."""
        return _fund_detail(services.get_fund(fund_id))
