"""API: welfare members, contributions, contribution schedules and statements
(``/api/v1/t/<slug>/welfare``), on the welfare funds API blueprint. The same
permissions as the pages; amounts are integer satang."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from core.ledger import services as ledger
from welfare.funds import services
from welfare.funds.api_funds import blp
from welfare.members import services as members
from welfare.members.schemas import (
    WelfareContributionIn,
    WelfareContributionOut,
    WelfareMemberIn,
    WelfareMemberOut,
    WelfarePeriodArgs,
    WelfareScheduleIn,
    WelfareScheduleOut,
    WelfareStatementOut,
)
from welfare.sources import services as sources

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
    @must_exist(fund_id=services.get_fund)
    @blp.arguments(WelfareMemberIn)
    @blp.response(201, WelfareMemberOut)
    @api_writes
    def post(self, data, fund_id: int):
        """Enrol a person or a household."""
        return members.enroll(fund_id=fund_id, **data, actor_id=current_user.id)


@blp.route("/members/<int:member_id>/contributions")
class Contributions(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(member_id=members.get_member)
    @blp.arguments(WelfareContributionIn)
    @blp.response(201, WelfareContributionOut)
    @api_writes
    def post(self, data, member_id: int):
        """Record a member's contribution."""
        return sources.record_contribution(member_id=member_id, amount_satang=data["amount"],
                                           paid_on=data["paid_on"], method=data["method"],
                                           actor_id=current_user.id)


@blp.route("/members/<int:member_id>/schedule")
class ContributionScheduleApi(MethodView):
    @api_require("welfare.funds.manage")
    @must_exist(member_id=members.get_member)
    @blp.arguments(WelfareScheduleIn)
    @blp.response(201, WelfareScheduleOut)
    @api_writes
    def post(self, data, member_id: int):
        """Set what a member is expected to contribute (one schedule per
        member, replaced when set again), as the member page does."""
        return sources.set_schedule(member_id=member_id, amount_satang=data["amount"],
                                    period=data["period"], starts_on=data["starts_on"],
                                    ends_on=data["ends_on"], actor_id=current_user.id)


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
