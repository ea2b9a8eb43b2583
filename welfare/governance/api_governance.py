"""API: welfare meetings and resolutions, disbursement requests and their M-of-N
approvals (``/api/v1/t/<slug>/welfare``), on the welfare funds API blueprint.
The same permissions as the pages; amounts are integer satang."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from welfare.funds import services
from welfare.funds.api_funds import blp
from welfare.governance import disbursements as d
from welfare.governance import services as governance
from welfare.governance.schemas import (
    WelfareDisbursementIn,
    WelfareDisbursementOut,
    WelfareMeetingIn,
    WelfareMeetingOut,
    WelfareRejectIn,
    WelfareResolutionIn,
    WelfareResolutionOut,
)

# --- meetings and resolutions --------------------------------------------------------------


@blp.route("/funds/<int:fund_id>/meetings")
class Meetings(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareMeetingOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Meetings of a fund, newest first."""
        return governance.list_meetings(services.get_fund(fund_id).id)

    @api_require("welfare.funds.manage")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareMeetingIn)
    @blp.response(201, WelfareMeetingOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Record a meeting (attendance and the quorum rule)."""
        return governance.create_meeting(fund_id=fund_id, **data, actor_id=current_user.id)


@blp.route("/funds/<int:fund_id>/resolutions")
class Resolutions(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareResolutionOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Resolutions of a fund, with what is used and what remains."""
        return governance.list_resolutions(services.get_fund(fund_id).id)


@blp.route("/meetings/<int:meeting_id>/resolutions")
class MeetingResolutions(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(meeting_id=governance.get_meeting)
    @blp.arguments(WelfareResolutionIn)
    @blp.response(201, WelfareResolutionOut)
    @api_writes
    def post(self, data, meeting_id: int):
        """A resolution passed by a meeting that reached its quorum."""
        return governance.create_resolution(
            meeting_id=meeting_id, kind=data["kind"], amount_cap_satang=data["amount_cap"], purpose=data["purpose"],
            valid_until=data["valid_until"], number=data["number"], actor_id=current_user.id)


# --- disbursements ---------------------------------------------------------------------------


@blp.route("/funds/<int:fund_id>/disbursements")
class Disbursements(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareDisbursementOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Disbursement requests of a fund, newest first."""
        return d.list_for_fund(services.get_fund(fund_id).id, limit=None)  # paged by the API

    @api_require("welfare.funds.request")
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareDisbursementIn)
    @blp.response(201, WelfareDisbursementOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Request a disbursement: the amount is reserved against the resolution
        at once; it is paid when M valid signatories approve."""
        return d.request(
            fund_id=fund_id, resolution_id=data["resolution_id"], amount_satang=data["amount"],
            purpose=data["purpose"], target_type="welfare.expense", target_id=None, requested_by=current_user.id,
            debit_key=data["debit_key"], credit_key=data["credit_key"], budget_line_id=data["budget_line_id"],
            overspend_resolution_id=data["overspend_resolution_id"], ip=request.remote_addr)


@blp.route("/disbursements/<int:disbursement_id>")
class DisbursementDetail(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareDisbursementOut)
    def get(self, disbursement_id: int):
        """One disbursement request."""
        return d.get(disbursement_id)


@blp.route("/disbursements/<int:disbursement_id>/approve")
class Approve(MethodView):
    @api_require("welfare.funds.approve")
    @blp.response(200, WelfareDisbursementOut)
    @api_writes
    def post(self, disbursement_id: int):
        """Approve as a valid signatory (not the requester, once)."""
        return d.approve(disbursement_id, user_id=current_user.id, ip=request.remote_addr)


@blp.route("/disbursements/<int:disbursement_id>/reject")
class Reject(MethodView):
    @api_require("welfare.funds.approve")
    @must_exist(disbursement_id=d.get)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareDisbursementOut)
    @api_writes
    def post(self, data, disbursement_id: int):
        """Reject with a reason; the reserved amount is released."""
        return d.reject(disbursement_id, user_id=current_user.id, reason=data["reason"],
                        ip=request.remote_addr)


@blp.route("/disbursements/<int:disbursement_id>/accept-reused")
class AcceptReusedForDisbursement(MethodView):
    @api_require("welfare.funds.approve")
    @must_exist(disbursement_id=d.get)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareDisbursementOut)
    @api_writes
    def post(self, data, disbursement_id: int):
        """Someone other than the requester accepts, with a reason, a document
        of the payment that is attached to another record too."""
        return d.accept_reused_documents(disbursement_id, reason=data["reason"], user_id=current_user.id,
                                         ip=request.remote_addr)


@blp.route("/approvals")
class Inbox(MethodView):
    @api_require("welfare.funds.approve")
    @blp.response(200, WelfareDisbursementOut(many=True))
    @paged(blp)
    def get(self):
        """Requests waiting for the current user's decision."""
        return d.pending_for(current_user.id)
