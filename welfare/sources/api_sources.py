"""API: welfare grants and their tranches, releasing restricted money, donations
(``/api/v1/t/<slug>/welfare``), on the welfare funds API blueprint. The same
permissions as the pages; amounts are integer satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from welfare.funds import services
from welfare.funds.api_funds import blp
from welfare.sources import restricted as restricted_money
from welfare.sources import services as sources
from welfare.sources.schemas import (
    WelfareDonationIn,
    WelfareDonationOut,
    WelfareGrantIn,
    WelfareGrantOut,
    WelfareReceiveIn,
    WelfareReleaseIn,
    WelfareTrancheIn,
    WelfareTrancheOut,
)

# --- sources --------------------------------------------------------------------------------


def _grant_out(grant):
    data = {k: getattr(grant, k) for k in WelfareGrantOut._declared_fields if k not in ("tranches", "uses")}
    data["tranches"] = sources.tranches_of(grant.id)
    data["uses"] = restricted_money.uses_of([grant.id])[grant.id]
    return data


@blp.route("/funds/<int:fund_id>/grants")
class Grants(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareGrantOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Grants of a fund with their tranches."""
        return [_grant_out(gr) for gr in sources.list_grants(services.get_fund(fund_id).id)]

    @api_require("welfare.funds.manage")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareGrantIn)
    @blp.response(201, WelfareGrantOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Record a grant (grantor, agreement, permitted uses, restricted or not)."""
        grant = sources.create_grant(fund_id=fund_id, grantor_name=data["grantor_name"],
                                     grantor_kind=data["grantor_kind"], total_satang=data["total"],
                                     agreement_ref=data["agreement_ref"], signed_on=data["signed_on"],
                                     permitted_uses=data["permitted_uses"], restricted=data["restricted"],
                                     uses=data["uses"], actor_id=current_user.id)
        return _grant_out(grant)


@blp.route("/grants/<int:grant_id>/tranches")
class Tranches(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(grant_id=sources.get_grant)
    @blp.arguments(WelfareTrancheIn)
    @blp.response(201, WelfareTrancheOut)
    @api_writes
    def post(self, data, grant_id: int):
        """An expected tranche, with its conditions."""
        return sources.add_tranche(grant_id=grant_id, amount_satang=data["amount"],
                                   expected_on=data["expected_on"], conditions=data["conditions"],
                                   actor_id=current_user.id)



@blp.route("/grants/<int:grant_id>/release")
class ReleaseRestricted(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(grant_id=sources.get_grant)
    @blp.arguments(WelfareReleaseIn)
    @blp.response(200, WelfareGrantOut)
    @api_writes
    def post(self, data, grant_id: int):
        """Release restricted money to unrestricted income under a "release"
        resolution of the fund's meeting."""
        sources.release_restricted(grant_id, data["amount"], resolution_id=data["resolution_id"],
                                   purpose=data["purpose"], actor_id=current_user.id)
        return _grant_out(sources.get_grant(grant_id))


@blp.route("/tranches/<int:tranche_id>/receive")
class ReceiveTranche(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(tranche_id=sources.get_tranche)
    @blp.arguments(WelfareReceiveIn)
    @blp.response(200, WelfareTrancheOut)
    @api_writes
    def post(self, data, tranche_id: int):
        """Expected → received, once; posts the money to the fund's book."""
        return sources.receive_tranche(tranche_id, received_on=data["received_on"], into=data["into"],
                                       actor_id=current_user.id)


@blp.route("/funds/<int:fund_id>/donations")
class Donations(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareDonationOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Donations to a fund (no donor names)."""
        return sources.list_donations(services.get_fund(fund_id).id)

    @api_require("welfare.funds.manage")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareDonationIn)
    @blp.response(201, WelfareDonationOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Record a donation."""
        return sources.record_donation(fund_id=fund_id, amount_satang=data["amount"],
                                       received_on=data["received_on"], donor_name=data["donor_name"],
                                       anonymous=data["anonymous"], into=data["into"],
                                       actor_id=current_user.id)
