"""API: welfare funds (``/api/v1/t/<slug>/welfare``): funds, meetings and
resolutions, disbursement requests and approvals, grants and tranches,
donations, members and contributions, budgets, benefits and claims. The same
permissions as the pages; amounts are integer satang."""

from __future__ import annotations

from functools import wraps

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import welfare.funds.permissions  # noqa: F401
from core.api.paging import paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.db import db
from core.ledger import services as ledger
from welfare.benefits import services as benefits
from welfare.budgets import services as budgets
from welfare.funds import queries, services
from welfare.governance import disbursements as d
from welfare.governance import services as governance
from welfare.members import services as members
from welfare.models.benefits import BENEFIT_CODES
from welfare.models.funds import BUDGET_CATEGORIES, FUND_KINDS
from welfare.models.governance import MEETING_KINDS, RESOLUTION_KINDS
from welfare.models.sources import CONTRIBUTION_PERIODS, GRANT_USES, GRANTOR_KINDS
from welfare.sources import restricted as restricted_money
from welfare.sources import services as sources

blp = Blueprint("welfare_funds_api", __name__, url_prefix="/api/v1/t/<slug>/welfare",
                description="Welfare funds: sources, budgets, resolutions, M-of-N approvals, benefits")



def found(**getters):
    """Look the URL's rows up before the body is read: another tenant's id is
    a 404, never a 422."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            for param, getter in getters.items():
                getter(kwargs[param])
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _done(obj):
    db.session.commit()
    return obj


# --- schemas -------------------------------------------------------------------------


class WelfareFundIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(tuple(FUND_KINDS)))
    allows_lending = fields.Boolean(load_default=True)
    public = fields.Boolean(load_default=False)
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    requires_minutes = fields.Boolean(load_default=False)
    requires_documents = fields.Boolean(load_default=False)


class WelfareFundOut(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    allows_lending = fields.Boolean()
    public = fields.Boolean()
    active = fields.Boolean()
    requires_minutes = fields.Boolean()
    requires_documents = fields.Boolean()
    book = fields.String()


class WelfareFundDetailOut(WelfareFundOut):
    balances = fields.Dict(keys=fields.String(), values=fields.Integer())
    required_approvals = fields.Integer()


class WelfareMeetingIn(Schema):
    held_on = fields.Date(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(tuple(MEETING_KINDS)))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    attendees = fields.String(load_default="", validate=validate.Length(max=20000))
    attendee_count = fields.Integer(load_default=None, validate=validate.Range(min=0, max=1_000_000))
    eligible_count = fields.Integer(required=True, validate=validate.Range(min=0, max=1_000_000))
    quorum_percent = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    minutes = fields.String(load_default="", validate=validate.Length(max=50000))


class WelfareMeetingOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    held_on = fields.Date()
    kind = fields.String()
    title = fields.String()
    attendee_count = fields.Integer()
    eligible_count = fields.Integer()
    quorum_percent = fields.Integer()
    quorum_met = fields.Boolean()


class WelfareResolutionIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(tuple(RESOLUTION_KINDS)))
    amount_cap = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    valid_until = fields.Date(load_default=None)
    number = fields.String(load_default="", validate=validate.Length(max=40))


class WelfareResolutionOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    meeting_id = fields.Integer()
    number = fields.String()
    kind = fields.String()
    amount_cap_satang = Satang()
    used_satang = Satang()
    remaining_satang = Satang()
    purpose = fields.String()
    valid_until = fields.Date(allow_none=True)
    status = fields.String()


class WelfareDisbursementIn(Schema):
    resolution_id = fields.Integer(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    debit_key = fields.String(load_default="program_expense",
                              validate=validate.OneOf(("program_expense", "benefit_expense", "admin_expense")))
    credit_key = fields.String(load_default="cash", validate=validate.OneOf(("cash", "bank")))
    budget_line_id = fields.Integer(load_default=None)
    overspend_resolution_id = fields.Integer(load_default=None)


class WelfareDisbursementOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    resolution_id = fields.Integer()
    budget_line_id = fields.Integer(allow_none=True)
    amount_satang = Satang()
    overspend_satang = Satang()
    purpose = fields.String()
    target_type = fields.String()
    target_id = fields.Integer(allow_none=True)
    requested_by = fields.Integer()
    required = fields.Integer()
    status = fields.String()
    reject_reason = fields.String(allow_none=True)
    journal_entry_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class WelfareRejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class WelfareGrantIn(Schema):
    grantor_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    grantor_kind = fields.String(required=True, validate=validate.OneOf(tuple(GRANTOR_KINDS)))
    total = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    agreement_ref = fields.String(load_default="", validate=validate.Length(max=100))
    signed_on = fields.Date(load_default=None)
    permitted_uses = fields.String(load_default="", validate=validate.Length(max=2000))
    restricted = fields.Boolean(load_default=True)
    uses = fields.List(fields.String(validate=validate.OneOf(tuple(GRANT_USES))), load_default=list)


class WelfareTrancheOut(Schema):
    id = fields.Integer()
    seq = fields.Integer()
    amount_satang = Satang()
    expected_on = fields.Date(allow_none=True)
    conditions = fields.String()
    status = fields.String()
    received_on = fields.Date(allow_none=True)


class WelfareGrantOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    grantor_name = fields.String()
    grantor_kind = fields.String()
    agreement_ref = fields.String()
    total_satang = Satang()
    permitted_uses = fields.String()
    restricted = fields.Boolean()
    uses = fields.List(fields.String())
    restricted_balance_satang = Satang()
    tranches = fields.List(fields.Nested(WelfareTrancheOut))


class WelfareTrancheIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    expected_on = fields.Date(load_default=None)
    conditions = fields.String(load_default="", validate=validate.Length(max=2000))


class WelfareReceiveIn(Schema):
    received_on = fields.Date(required=True)
    into = fields.String(load_default="bank", validate=validate.OneOf(("cash", "bank")))


class WelfareDonationIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    received_on = fields.Date(required=True)
    donor_name = fields.String(load_default="", validate=validate.Length(max=200))
    anonymous = fields.Boolean(load_default=True)
    into = fields.String(load_default="cash", validate=validate.OneOf(("cash", "bank")))


class WelfareDonationOut(Schema):
    id = fields.Integer()
    amount_satang = Satang()
    received_on = fields.Date()
    journal_entry_id = fields.Integer(allow_none=True)


class WelfareMemberIn(Schema):
    person_id = fields.Integer(load_default=None)
    household_id = fields.Integer(load_default=None)
    joined_on = fields.Date(required=True)
    member_no = fields.String(load_default="", validate=validate.Length(max=40))


class WelfareMemberOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    person_id = fields.Integer(allow_none=True)
    household_id = fields.Integer(allow_none=True)
    member_no = fields.String(allow_none=True)
    joined_on = fields.Date()
    status = fields.String()


class WelfareContributionIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    paid_on = fields.Date(required=True)
    method = fields.String(load_default="cash", validate=validate.OneOf(("cash", "transfer")))


class WelfareContributionOut(Schema):
    id = fields.Integer()
    member_id = fields.Integer()
    amount_satang = Satang()
    paid_on = fields.Date()


class WelfareScheduleIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    period = fields.String(required=True, validate=validate.OneOf(tuple(CONTRIBUTION_PERIODS)))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class WelfareScheduleOut(Schema):
    id = fields.Integer()
    member_id = fields.Integer()
    amount_satang = Satang()
    period = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)


class WelfarePeriodArgs(Schema):
    start = fields.Date(load_default=None, data_key="from")
    end = fields.Date(load_default=None, data_key="to")


class WelfareStatementOut(Schema):
    member_id = fields.Integer()
    start = fields.Date()
    end = fields.Date()
    paid_in_period = Satang()
    expected_to_date = Satang()
    paid_to_date = Satang()
    owed = Satang()
    benefits_paid = Satang()


class WelfareBudgetIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)


class WelfareBudgetApproveIn(Schema):
    resolution_id = fields.Integer(required=True, strict=True)


class WelfareBudgetLineIn(Schema):
    category = fields.String(required=True, validate=validate.OneOf(tuple(BUDGET_CATEGORIES)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    cap_percent = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))


class WelfareBudgetRowOut(Schema):
    line_id = fields.Integer()
    name = fields.String()
    category = fields.String()
    cap_percent = fields.Integer(allow_none=True)
    budgeted = Satang()
    committed = Satang()
    actual = Satang()
    remaining = Satang()


class WelfareBudgetOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    name = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    status = fields.String()
    total = Satang()
    committed = Satang()
    actual = Satang()
    lines = fields.List(fields.Nested(WelfareBudgetRowOut))


class WelfareBenefitTypeIn(Schema):
    code = fields.String(required=True, validate=validate.OneOf(tuple(BENEFIT_CODES)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    per_event_cap = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    per_year_cap = Satang(load_default=None, validate=validate.Range(min=1, max=10**15))
    per_night = Satang(load_default=None, validate=validate.Range(min=1, max=10**15))
    min_membership_days = fields.Integer(load_default=0, validate=validate.Range(min=0, max=36500))
    required_documents = fields.List(fields.String(), load_default=list)


class WelfareBenefitTypeOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    min_membership_days = fields.Integer()
    per_event_cap_satang = Satang()
    per_year_cap_satang = Satang(allow_none=True)
    per_night_satang = Satang(allow_none=True)
    required_kinds = fields.List(fields.String())


class WelfareClaimIn(Schema):
    member_id = fields.Integer(required=True)
    benefit_type_id = fields.Integer(required=True)
    event_date = fields.Date(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    nights = fields.Integer(load_default=None, validate=validate.Range(min=1, max=366))
    description = fields.String(load_default="", validate=validate.Length(max=2000))


class WelfareClaimOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    member_id = fields.Integer()
    benefit_type_id = fields.Integer()
    event_date = fields.Date()
    nights = fields.Integer(allow_none=True)
    amount_requested_satang = Satang()
    amount_satang = Satang(allow_none=True)
    status = fields.String()
    check_note = fields.String(allow_none=True)
    disbursement_id = fields.Integer(allow_none=True)


class WelfarePayIn(Schema):
    resolution_id = fields.Integer(required=True)
    budget_line_id = fields.Integer(load_default=None)


# --- funds -----------------------------------------------------------------------------


def _fund_detail(fund):
    data = {k: getattr(fund, k) for k in WelfareFundOut._declared_fields}
    data["balances"] = queries.balances(fund)
    data["required_approvals"] = d.required_for(fund.id)
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
    def post(self, data):
        """Open a fund: its own ledger book and a 2-of-N approval policy."""
        fund = services.create_fund(**data, actor_id=current_user.id)
        db.session.commit()
        return _fund_detail(fund)


@blp.route("/funds/<int:fund_id>")
class FundDetail(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareFundDetailOut)
    def get(self, fund_id: int):
        """A fund with the balance of each account of its book."""
        return _fund_detail(services.get_fund(fund_id))


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
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareMeetingIn)
    @blp.response(201, WelfareMeetingOut)
    def post(self, data, fund_id: int):
        """Record a meeting (attendance and the quorum rule)."""
        return _done(governance.create_meeting(fund_id=fund_id, **data, actor_id=current_user.id))


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
    @found(meeting_id=governance.get_meeting)
    @blp.arguments(WelfareResolutionIn)
    @blp.response(201, WelfareResolutionOut)
    def post(self, data, meeting_id: int):
        """A resolution passed by a meeting that reached its quorum."""
        return _done(governance.create_resolution(
            meeting_id=meeting_id, kind=data["kind"], amount_cap_satang=data["amount_cap"], purpose=data["purpose"],
            valid_until=data["valid_until"], number=data["number"], actor_id=current_user.id))


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
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareDisbursementIn)
    @blp.response(201, WelfareDisbursementOut)
    def post(self, data, fund_id: int):
        """Request a disbursement: the amount is reserved against the resolution
        at once; it is paid when M valid signatories approve."""
        return _done(d.request(
            fund_id=fund_id, resolution_id=data["resolution_id"], amount_satang=data["amount"],
            purpose=data["purpose"], target_type="welfare.expense", target_id=None, requested_by=current_user.id,
            debit_key=data["debit_key"], credit_key=data["credit_key"], budget_line_id=data["budget_line_id"],
            overspend_resolution_id=data["overspend_resolution_id"], ip=request.remote_addr))


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
    def post(self, disbursement_id: int):
        """Approve as a valid signatory (not the requester, once)."""
        return _done(d.approve(disbursement_id, user_id=current_user.id, ip=request.remote_addr))


@blp.route("/disbursements/<int:disbursement_id>/reject")
class Reject(MethodView):
    @api_require("welfare.funds.approve")
    @found(disbursement_id=d.get)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareDisbursementOut)
    def post(self, data, disbursement_id: int):
        """Reject with a reason; the reserved amount is released."""
        return _done(d.reject(disbursement_id, user_id=current_user.id, reason=data["reason"],
                              ip=request.remote_addr))


@blp.route("/disbursements/<int:disbursement_id>/accept-reused")
class AcceptReusedForDisbursement(MethodView):
    @api_require("welfare.funds.approve")
    @found(disbursement_id=d.get)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareDisbursementOut)
    def post(self, data, disbursement_id: int):
        """Someone other than the requester accepts, with a reason, a document
        of the payment that is attached to another record too."""
        return _done(d.accept_reused_documents(disbursement_id, reason=data["reason"], user_id=current_user.id,
                                               ip=request.remote_addr))


@blp.route("/approvals")
class Inbox(MethodView):
    @api_require("welfare.funds.approve")
    @blp.response(200, WelfareDisbursementOut(many=True))
    @paged(blp)
    def get(self):
        """Requests waiting for the current user's decision."""
        return d.pending_for(current_user.id)


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
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareGrantIn)
    @blp.response(201, WelfareGrantOut)
    def post(self, data, fund_id: int):
        """Record a grant (grantor, agreement, permitted uses, restricted or not)."""
        grant = sources.create_grant(fund_id=fund_id, grantor_name=data["grantor_name"],
                                     grantor_kind=data["grantor_kind"], total_satang=data["total"],
                                     agreement_ref=data["agreement_ref"], signed_on=data["signed_on"],
                                     permitted_uses=data["permitted_uses"], restricted=data["restricted"],
                                     uses=data["uses"], actor_id=current_user.id)
        db.session.commit()
        return _grant_out(grant)


@blp.route("/grants/<int:grant_id>/tranches")
class Tranches(MethodView):
    @api_require("welfare.funds.manage")
    @found(grant_id=sources.get_grant)
    @blp.arguments(WelfareTrancheIn)
    @blp.response(201, WelfareTrancheOut)
    def post(self, data, grant_id: int):
        """An expected tranche, with its conditions."""
        return _done(sources.add_tranche(grant_id=grant_id, amount_satang=data["amount"],
                                         expected_on=data["expected_on"], conditions=data["conditions"],
                                         actor_id=current_user.id))


class WelfareReleaseIn(Schema):
    resolution_id = fields.Integer(required=True)
    amount = Satang(required=True, validate=validate.Range(min=1, max=10**15))
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=500))


@blp.route("/grants/<int:grant_id>/release")
class ReleaseRestricted(MethodView):
    @api_require("welfare.funds.manage")
    @found(grant_id=sources.get_grant)
    @blp.arguments(WelfareReleaseIn)
    @blp.response(200, WelfareGrantOut)
    def post(self, data, grant_id: int):
        """Release restricted money to unrestricted income under a "release"
        resolution of the fund's meeting."""
        sources.release_restricted(grant_id, data["amount"], resolution_id=data["resolution_id"],
                                   purpose=data["purpose"], actor_id=current_user.id)
        db.session.commit()
        return _grant_out(sources.get_grant(grant_id))


@blp.route("/tranches/<int:tranche_id>/receive")
class ReceiveTranche(MethodView):
    @api_require("welfare.funds.manage")
    @found(tranche_id=sources.get_tranche)
    @blp.arguments(WelfareReceiveIn)
    @blp.response(200, WelfareTrancheOut)
    def post(self, data, tranche_id: int):
        """Expected → received, once; posts the money to the fund's book."""
        return _done(sources.receive_tranche(tranche_id, received_on=data["received_on"], into=data["into"],
                                             actor_id=current_user.id))


@blp.route("/funds/<int:fund_id>/donations")
class Donations(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareDonationOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Donations to a fund (no donor names)."""
        return sources.list_donations(services.get_fund(fund_id).id)

    @api_require("welfare.funds.manage")
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareDonationIn)
    @blp.response(201, WelfareDonationOut)
    def post(self, data, fund_id: int):
        """Record a donation."""
        return _done(sources.record_donation(fund_id=fund_id, amount_satang=data["amount"],
                                             received_on=data["received_on"], donor_name=data["donor_name"],
                                             anonymous=data["anonymous"], into=data["into"],
                                             actor_id=current_user.id))


# --- members --------------------------------------------------------------------------------


@blp.route("/funds/<int:fund_id>/members")
class Members(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareMemberOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Members of a fund."""
        return members.list_members(services.get_fund(fund_id).id, limit=None)  # paged by the API

    @api_require("welfare.funds.manage")
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareMemberIn)
    @blp.response(201, WelfareMemberOut)
    def post(self, data, fund_id: int):
        """Enrol a person or a household."""
        return _done(members.enroll(fund_id=fund_id, **data, actor_id=current_user.id))


@blp.route("/members/<int:member_id>/contributions")
class Contributions(MethodView):
    @api_require("welfare.funds.manage")
    @found(member_id=members.get_member)
    @blp.arguments(WelfareContributionIn)
    @blp.response(201, WelfareContributionOut)
    def post(self, data, member_id: int):
        """Record a member's contribution."""
        return _done(sources.record_contribution(member_id=member_id, amount_satang=data["amount"],
                                                 paid_on=data["paid_on"], method=data["method"],
                                                 actor_id=current_user.id))


@blp.route("/members/<int:member_id>/schedule")
class ContributionScheduleApi(MethodView):
    @api_require("welfare.funds.manage")
    @found(member_id=members.get_member)
    @blp.arguments(WelfareScheduleIn)
    @blp.response(201, WelfareScheduleOut)
    def post(self, data, member_id: int):
        """Set what a member is expected to contribute (one schedule per
        member, replaced when set again), as the member page does."""
        return _done(sources.set_schedule(member_id=member_id, amount_satang=data["amount"],
                                          period=data["period"], starts_on=data["starts_on"],
                                          ends_on=data["ends_on"], actor_id=current_user.id))


@blp.route("/members/<int:member_id>/statement")
class MemberStatement(MethodView):
    @api_require("welfare.funds.view")
    @blp.arguments(WelfarePeriodArgs, location="query")
    @blp.response(200, WelfareStatementOut)
    def get(self, args, member_id: int):
        """A member's statement for a period (contributions and benefits)."""
        today = ledger.today()
        start = args["start"] or today.replace(month=1, day=1)
        end = args["end"] or today
        s = members.statement(member_id, start=start, end=end)
        return {**{k: s[k] for k in WelfareStatementOut._declared_fields if k in s}, "member_id": member_id}


# --- budgets --------------------------------------------------------------------------------


def _budget_out(budget_id: int):
    report = budgets.versus_actual(budget_id)
    b = report["budget"]
    return {
        "id": b.id, "fund_id": b.fund_id, "name": b.name, "period_start": b.period_start,
        "period_end": b.period_end, "status": b.status, "total": report["total"],
        "committed": report["committed"], "actual": report["actual"],
        "lines": [{"line_id": r["line"].id, "name": r["line"].name, "category": r["line"].category,
                   "cap_percent": r["line"].cap_percent, "budgeted": r["budgeted"], "committed": r["committed"],
                   "actual": r["actual"], "remaining": r["remaining"]} for r in report["rows"]],
    }


@blp.route("/funds/<int:fund_id>/budgets")
class Budgets(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareBudgetOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Budgets of a fund against actual."""
        return [_budget_out(b.id) for b in budgets.list_budgets(services.get_fund(fund_id).id)]

    @api_require("welfare.funds.manage")
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareBudgetIn)
    @blp.response(201, WelfareBudgetOut)
    def post(self, data, fund_id: int):
        """A budget for a period."""
        budget = budgets.create_budget(fund_id=fund_id, **data, actor_id=current_user.id)
        db.session.commit()
        return _budget_out(budget.id)


@blp.route("/budgets/<int:budget_id>")
class BudgetDetail(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareBudgetOut)
    def get(self, budget_id: int):
        """A budget against actual."""
        return _budget_out(budgets.get_budget(budget_id).id)


@blp.route("/budgets/<int:budget_id>/lines")
class BudgetLines(MethodView):
    @api_require("welfare.funds.manage")
    @found(budget_id=budgets.get_budget)
    @blp.arguments(WelfareBudgetLineIn)
    @blp.response(201, WelfareBudgetOut)
    def post(self, data, budget_id: int):
        """Add a line; every capped line must still fit its cap."""
        budgets.add_line(budget_id=budget_id, category=data["category"], name=data["name"],
                         amount_satang=data["amount"], cap_percent=data["cap_percent"], actor_id=current_user.id)
        db.session.commit()
        return _budget_out(budget_id)


@blp.route("/budgets/<int:budget_id>/approve")
class BudgetApprove(MethodView):
    @api_require("welfare.funds.manage")
    @found(budget_id=budgets.get_budget)
    @blp.arguments(WelfareBudgetApproveIn)
    @blp.response(201, WelfareBudgetOut)
    def post(self, data, budget_id: int):
        """Approve a draft budget under a budget resolution of its fund whose cap
        covers its total; only an approved budget can be charged."""
        budgets.approve_budget(budget_id, resolution_id=data["resolution_id"], actor_id=current_user.id)
        db.session.commit()
        return _budget_out(budget_id)


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
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareBenefitTypeIn)
    @blp.response(201, WelfareBenefitTypeOut)
    def post(self, data, fund_id: int):
        """A benefit type with its rules."""
        return _done(benefits.create_type(
            fund_id=fund_id, code=data["code"], name=data["name"], per_event_cap_satang=data["per_event_cap"],
            per_year_cap_satang=data["per_year_cap"], per_night_satang=data["per_night"],
            min_membership_days=data["min_membership_days"], required_documents=data["required_documents"],
            actor_id=current_user.id))


@blp.route("/funds/<int:fund_id>/claims")
class Claims(MethodView):
    @api_require("welfare.funds.view")
    @blp.response(200, WelfareClaimOut(many=True))
    @paged(blp)
    def get(self, fund_id: int):
        """Claims of a fund, newest first."""
        return benefits.list_claims(services.get_fund(fund_id).id, limit=None)  # paged by the API

    @api_require("welfare.funds.claims")
    @found(fund_id=services.get_fund)
    @blp.arguments(WelfareClaimIn)
    @blp.response(201, WelfareClaimOut)
    def post(self, data, fund_id: int):
        """Submit a claim for a member."""
        claim = benefits.submit_claim(member_id=data["member_id"], benefit_type_id=data["benefit_type_id"],
                                      event_date=data["event_date"], amount_requested_satang=data["amount"],
                                      nights=data["nights"], description=data["description"],
                                      actor_id=current_user.id)
        if claim.fund_id != fund_id:
            raise benefits.ClaimNotFound()
        return _done(claim)


@blp.route("/claims/<int:claim_id>/check")
class CheckClaim(MethodView):
    @api_require("welfare.funds.claims")
    @blp.response(200, WelfareClaimOut)
    def post(self, claim_id: int):
        """Apply the rules: the amount they allow, or a clear refusal."""
        return _done(benefits.check_claim(claim_id, actor_id=current_user.id))


@blp.route("/claims/<int:claim_id>/accept-reused")
class AcceptReusedDocuments(MethodView):
    @api_require("welfare.funds.claims")
    @found(claim_id=benefits.get_claim)
    @blp.arguments(WelfareRejectIn)
    @blp.response(200, WelfareClaimOut)
    def post(self, data, claim_id: int):
        """A second person (not the submitter) accepts, with a reason, a
        document of the claim that is attached to another record too."""
        return _done(benefits.accept_reused_documents(claim_id, reason=data["reason"], actor_id=current_user.id))


@blp.route("/claims/<int:claim_id>/pay")
class PayClaim(MethodView):
    @api_require("welfare.funds.request")
    @found(claim_id=benefits.get_claim)
    @blp.arguments(WelfarePayIn)
    @blp.response(201, WelfareDisbursementOut)
    def post(self, data, claim_id: int):
        """Send a checked claim for approval under the fund's policy."""
        return _done(benefits.request_payment(claim_id, resolution_id=data["resolution_id"],
                                              requested_by=current_user.id, budget_line_id=data["budget_line_id"],
                                              ip=request.remote_addr))


