"""API: welfare benefit types and claims: checking and paying them
(``/api/v1/t/<slug>/welfare``), on the welfare funds API blueprint. The same
permissions as the pages; amounts are integer satang."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from welfare.benefits import services as benefits
from welfare.benefits.schemas import (
    WelfareBenefitTypeIn,
    WelfareBenefitTypeOut,
    WelfareClaimIn,
    WelfareClaimOut,
    WelfarePayIn,
)
from welfare.funds import services
from welfare.funds.api_funds import blp
from welfare.governance.schemas import WelfareDisbursementOut, WelfareRejectIn

# --- benefits -------------------------------------------------------------------------------


@blp.route("/funds/<int:fund_id>/benefit-types")
class BenefitTypes(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareBenefitTypeOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Benefit types of a fund with their rules."""
        return benefits.list_types(services.get_fund(fund_id).id)

    @api_require("welfare.funds.manage")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareBenefitTypeIn)
    @blp.response(201, WelfareBenefitTypeOut)
    @api_writes
    def post(self, data, fund_id: int):
        """A benefit type with its rules."""
        return benefits.create_type(
            fund_id=fund_id, code=data["code"], name=data["name"], per_event_cap_satang=data["per_event_cap"],
            per_year_cap_satang=data["per_year_cap"], per_night_satang=data["per_night"],
            min_membership_days=data["min_membership_days"], required_documents=data["required_documents"],
            actor_id=current_user.id)


@blp.route("/funds/<int:fund_id>/claims")
class Claims(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareClaimOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Claims of a fund, newest first."""
        return benefits.list_claims(services.get_fund(fund_id).id, limit=None)  # paged by the API

    @api_require("welfare.funds.claims")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareClaimIn)
    @blp.response(201, WelfareClaimOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Submit a claim for a member."""
        claim = benefits.submit_claim(member_id=data["member_id"], benefit_type_id=data["benefit_type_id"],
                                      event_date=data["event_date"], amount_requested_satang=data["amount"],
                                      nights=data["nights"], description=data["description"],
                                      actor_id=current_user.id)
        if claim.fund_id != fund_id:
            raise benefits.ClaimNotFound()
        return claim


@blp.route("/claims/<int:claim_id>/check")
class CheckClaim(MethodView):
    @api_require("welfare.funds.claims")
    @blp.response(200, WelfareClaimOut)
    @api_writes
    def post(self, claim_id: int):
        """Apply the rules: the amount they allow, or a clear refusal."""
        return benefits.check_claim(claim_id, actor_id=current_user.id)


@blp.route("/claims/<int:claim_id>/accept-reused")
class AcceptReusedDocuments(MethodView):
    @api_require("welfare.funds.claims")
    @must_exist(claim_id=benefits.get_claim)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareClaimOut)
    @api_writes
    def post(self, data, claim_id: int):
        """A second person (not the submitter) accepts, with a reason, a
        document of the claim that is attached to another record too."""
        return benefits.accept_reused_documents(claim_id, reason=data["reason"], actor_id=current_user.id)


@blp.route("/claims/<int:claim_id>/pay")
class PayClaim(MethodView):
    @api_require("welfare.funds.request")
    @must_exist(claim_id=benefits.get_claim)
    @blp.arguments(WelfarePayIn)
    @blp.response(201, WelfareDisbursementOut)
    @api_writes
    def post(self, data, claim_id: int):
        """Send a checked claim for approval under the fund's policy."""
        return benefits.request_payment(claim_id, resolution_id=data["resolution_id"],
                                        requested_by=current_user.id, budget_line_id=data["budget_line_id"],
                                        ip=request.remote_addr)
