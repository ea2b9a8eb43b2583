"""API: programmes, coupons and redemptions (``/api/v1/t/<slug>/market``),
with the same permissions as the pages. Errors carry a specific code
(``coupon_already_used``, ``coupon_expired``, ``not_this_tenant`` …)."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from core.errors import N_, ValidationError
from market.coupons import (
    errors,
    issuing,
    permissions,  # noqa: F401
    queries,
    services,
    signing,
)
from market.coupons.schemas import (
    CouponArgs,
    CouponOut,
    CouponsIssueIn,
    CouponsIssueOut,
    CouponsLookupIn,
    CouponsProgrammeIn,
    CouponsProgrammeOut,
    CouponsReasonIn,
    CouponsRedeemIn,
    CouponsRedemptionOut,
    CouponsReportRow,
)
from market.models.coupons import Coupon, Programme, Redemption

blp = Blueprint(
    "market_coupons_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market",
    description="Market: coupon programmes, coupons and redemptions",
)


@blp.route("/programmes")
class Programmes(MethodView):
    @api_require("market.coupons.view")
    @blp.response(200, CouponsProgrammeOut(many=True))
    @paged(blp)
    def get(self):
        """Coupon programmes."""
        return queries.programmes_oldest_first()

    @api_require("market.coupons.manage")
    @blp.arguments(CouponsProgrammeIn)
    @blp.response(201, CouponsProgrammeOut)
    @api_writes
    def post(self, data):
        """Create a programme (funder, eligibility, value or basket)."""
        programme = issuing.save_programme(data, actor_id=current_user.id)
        return programme


@blp.route("/programmes/<int:programme_id>")
class ProgrammeDetail(MethodView):
    @api_require("market.coupons.view")
    @blp.response(200, CouponsProgrammeOut)
    def get(self, programme_id: int):
        """One coupon programme."""
        return issuing.get_programme(programme_id)


@blp.route("/programmes/<int:programme_id>/issue")
class Issue(MethodView):
    @api_require("market.coupons.manage")
    @must_exist(programme_id=Programme)
    @blp.arguments(CouponsIssueIn)
    @blp.response(201, CouponsIssueOut)
    @api_writes
    def post(self, data, programme_id: int):
        """Issue one coupon per eligible household (or per listed household); issuing twice issues nothing more."""
        result = issuing.issue_round(programme_id, actor_id=current_user.id, **data)
        return {
            "issued": result.issued,
            "already": result.already,
            "not_eligible": result.not_eligible,
        }


@blp.route("/coupons")
class Coupons(MethodView):
    @api_require("market.coupons.view")
    @blp.arguments(CouponArgs, location="query")
    @blp.response(200, CouponOut(many=True))
    @paged(blp)
    def get(self, args):
        """Coupons, newest first, filtered by household, programme or round."""
        return queries.coupons_filtered(
            household_id=args.get("household_id"),
            programme_id=args.get("programme_id"),
            round_id=args.get("round_id"),
        )


@blp.route("/coupons/<int:coupon_id>")
class CouponDetail(MethodView):
    @api_require("market.coupons.view")
    @blp.response(200, CouponOut)
    def get(self, coupon_id: int):
        """One coupon with its balance and status."""
        return services.get(coupon_id)


@blp.route("/coupons/lookup")
class Lookup(MethodView):
    @api_require("market.coupons.redeem")
    @blp.arguments(CouponsLookupIn)
    @blp.response(200, CouponOut)
    @api_writes(keeping=(errors.CouponNotFound, errors.NotThisTenant))  # the failure count is kept
    def post(self, data):
        """A coupon by its signed QR token or typed code (wrong codes are throttled, then locked)."""
        if data.get("token"):
            return signing.verify(data["token"])
        if not data.get("code"):
            raise ValidationError(N_("Enter a coupon code"), field="code")
        return services.find_by_code(data["code"], actor=f"user:{current_user.id}")


@blp.route("/coupons/<int:coupon_id>/redeem")
class Redeem(MethodView):
    @api_require("market.coupons.redeem")
    @must_exist(coupon_id=Coupon)
    @blp.arguments(CouponsRedeemIn)
    @blp.response(201, CouponsRedemptionOut)
    @api_writes
    def post(self, data, coupon_id: int):
        """Spend value; the same idempotency key again returns the first redemption."""
        if (
            data["service_point_id"]
            and queries.service_point(data["service_point_id"]) is None
        ):
            raise ValidationError(N_("Choose a service point"), field="service_point_id")
        redemption = services.redeem(
            coupon_id, data.pop("amount_satang"), operator_id=current_user.id, **data
        )
        return redemption


@blp.route("/coupons/<int:coupon_id>/redemptions")
class Redemptions(MethodView):
    @api_require("market.coupons.view")
    @blp.response(200, CouponsRedemptionOut(many=True))
    @paged(blp)
    def get(self, coupon_id: int):
        """A coupon's redemptions, oldest first."""
        return services.redemptions_of(services.get(coupon_id).id)


@blp.route("/redemptions/<int:redemption_id>/reverse")
class Reverse(MethodView):
    @api_require("market.coupons.manage")
    @must_exist(redemption_id=Redemption)
    @blp.arguments(CouponsReasonIn)
    @blp.response(204)
    @api_writes
    def post(self, data, redemption_id: int):
        """Give a redemption's value back (once)."""
        services.reverse(redemption_id, reason=data["reason"], actor_id=current_user.id)


@blp.route("/coupons/<int:coupon_id>/cancel")
class Cancel(MethodView):
    @api_require("market.coupons.manage")
    @must_exist(coupon_id=Coupon)
    @blp.arguments(CouponsReasonIn)
    @blp.response(200, CouponOut)
    @api_writes
    def post(self, data, coupon_id: int):
        """Cancel a coupon (its balance can no longer be spent)."""
        coupon = issuing.cancel(coupon_id, reason=data["reason"], actor_id=current_user.id)
        return coupon


@blp.route("/coupons/<int:coupon_id>/reissue")
class Reissue(MethodView):
    @api_require("market.coupons.manage")
    @must_exist(coupon_id=Coupon)
    @blp.arguments(CouponsReasonIn)
    @blp.response(201, CouponOut)
    @api_writes
    def post(self, data, coupon_id: int):
        """Cancel the old code and carry its balance to a new coupon."""
        coupon = issuing.reissue(coupon_id, reason=data["reason"], actor_id=current_user.id)
        return coupon


@blp.route("/reports/coupons")
class Report(MethodView):
    @api_require("market.coupons.view")
    @blp.response(200, CouponsReportRow(many=True))
    @paged(blp)
    def get(self):
        """Coupons issued and value redeemed per programme and round."""
        return queries.issued_redeemed_report()
