"""API: loans (``/api/v1/t/<slug>/welfare/loans``) with the same permissions
as the pages. Money is integer satang; dates ISO 8601; borrowers by registry
id only (no names or national IDs here)."""

from __future__ import annotations

import secrets

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import welfare.loans.permissions  # noqa: F401
from core.api.paging import paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.boundary import api_writes, discard, must_exist
from core.ledger import services as ledger
from welfare.loans import allocation, lifecycle, metrics, queries, repayments, services
from welfare.models.loans import FREQUENCIES, INTEREST_METHODS, LOAN_STATUSES

blp = Blueprint(
    "welfare_loans_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/welfare/loans",
    description="Welfare fund loans",
)


class LoanProductOut(Schema):
    id = fields.Integer()
    fund_id = fields.Integer()
    name = fields.String()
    method = fields.String()
    annual_rate_bp = fields.Integer()
    fee_satang = fields.Integer()
    term = fields.Integer()
    frequency = fields.String()
    grace = fields.Integer()
    max_amount_satang = fields.Integer(allow_none=True)
    allocation_order = fields.String()
    allocation_strategy = fields.String()
    active = fields.Boolean()


class LoanProductIn(Schema):
    fund_id = fields.Integer(required=True, strict=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    method = fields.String(required=True, validate=validate.OneOf(INTEREST_METHODS))
    annual_rate_bp = fields.Integer(load_default=0, strict=True)
    fee_satang = Satang(load_default=0)
    term = fields.Integer(required=True, strict=True)
    frequency = fields.String(load_default="monthly", validate=validate.OneOf(FREQUENCIES))
    grace = fields.Integer(load_default=0, strict=True)
    max_amount_satang = Satang(load_default=None, allow_none=True)
    allocation_order = fields.String(load_default=allocation.DEFAULT_ORDER)
    allocation_strategy = fields.String(
        load_default="installment", validate=validate.OneOf(allocation.STRATEGIES)
    )


class LoanInstallmentOut(Schema):
    id = fields.Integer()
    number = fields.Integer()
    version = fields.Integer()
    due_on = fields.Date()
    principal_due = fields.Integer()
    interest_due = fields.Integer()
    fee_due = fields.Integer()
    principal_paid = fields.Integer()
    interest_paid = fields.Integer()
    fee_paid = fields.Integer()
    status = fields.String()


class LoanOut(Schema):
    id = fields.Integer()
    number = fields.String()
    fund_id = fields.Integer()
    product_id = fields.Integer()
    borrower_person_id = fields.Integer()
    group_id = fields.Integer(allow_none=True)
    principal_satang = fields.Integer()
    outstanding_satang = fields.Integer()
    method = fields.String()
    annual_rate_bp = fields.Integer()
    fee_satang = fields.Integer()
    term = fields.Integer()
    frequency = fields.String()
    grace = fields.Integer()
    status = fields.String()
    applied_on = fields.Date()
    disbursed_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    resolution_id = fields.Integer(allow_none=True)
    disbursement_id = fields.Integer(allow_none=True)
    days_past_due = fields.Integer()
    written_off_satang = fields.Integer()
    recovered_satang = fields.Integer()


class LoanDetailOut(LoanOut):
    installments = fields.List(fields.Nested(LoanInstallmentOut))
    owed_satang = fields.Integer()


class LoanListArgs(Schema):
    fund_id = fields.Integer(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(LOAN_STATUSES))


class LoanApplyIn(Schema):
    product_id = fields.Integer(required=True, strict=True)
    borrower_person_id = fields.Integer(required=True, strict=True)
    principal_satang = Satang(required=True)
    purpose = fields.String(load_default="", validate=validate.Length(max=2000))
    guarantor_person_ids = fields.List(
        fields.Integer(strict=True), load_default=list, validate=validate.Length(max=10)
    )
    group_id = fields.Integer(load_default=None, allow_none=True, strict=True)


class LoanResolutionIn(Schema):
    resolution_id = fields.Integer(required=True, strict=True)
    pay_from = fields.String(load_default="cash", validate=validate.OneOf(services.PAY_FROM))


class LoanRepaymentIn(Schema):
    amount_satang = Satang(required=True)
    method = fields.String(required=True, validate=validate.OneOf(repayments.DESK_METHODS))
    paid_on = fields.Date(load_default=None)
    reference = fields.String(load_default=None, validate=validate.Length(max=100))
    idempotency_key = fields.String(
        load_default=None, validate=validate.Regexp(r"^[A-Za-z0-9_-]{16,64}$")
    )


class LoanRepaymentOut(Schema):
    id = fields.Integer()
    loan_id = fields.Integer()
    payment_id = fields.Integer()
    kind = fields.String()
    method = fields.String()
    amount_satang = fields.Integer()
    credit_satang = fields.Integer()
    paid_on = fields.Date()


class LoanRescheduleIn(Schema):
    resolution_id = fields.Integer(required=True, strict=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    term = fields.Integer(required=True, strict=True)
    grace = fields.Integer(load_default=0, strict=True)
    starts_on = fields.Date(required=True)


class LoanReschedulePreviewIn(Schema):
    term = fields.Integer(required=True, strict=True)
    grace = fields.Integer(load_default=0, strict=True)
    starts_on = fields.Date(required=True)


class LoanReschedulePreviewOut(Schema):
    total_before = fields.Integer(metadata={"description": "Owed in all now (satang)"})
    total_after = fields.Integer(metadata={"description": "Owed in all after (satang)"})
    carried_interest = fields.Integer()
    carried_fee = fields.Integer()
    new_interest = fields.Integer()
    credit = fields.Integer()
    installments = fields.List(fields.Nested(LoanInstallmentOut))


class LoanWriteOffIn(Schema):
    resolution_id = fields.Integer(required=True, strict=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class LoanParArgs(Schema):
    fund_id = fields.Integer(load_default=None)
    on = fields.Date(load_default=None)


class LoanBucketOut(Schema):
    loans = fields.Integer()
    outstanding = fields.Integer()


class LoanParOut(Schema):
    buckets = fields.Dict(keys=fields.String(), values=fields.Nested(LoanBucketOut))
    outstanding = fields.Integer()
    par30 = fields.Integer()
    par90 = fields.Integer()
    par30_ratio = fields.Float()
    par90_ratio = fields.Float()
    restructured = fields.Nested(
        LoanBucketOut,
        metadata={"description": "Rescheduled while late and not yet paid on time since"},
    )


class LoanMetricsOut(Schema):
    fund_id = fields.Integer()
    loans = fields.Integer()
    borrowers = fields.Integer()
    lent = fields.Integer()
    repaid = fields.Integer()
    repaid_principal = fields.Integer()
    interest_collected = fields.Integer()
    fees_collected = fields.Integer()
    outstanding = fields.Integer()
    written_off = fields.Integer()
    recovered = fields.Integer()
    repayment_rate = fields.Float()
    times_lent = fields.Float()
    borrowers_per_10000_baht_granted = fields.Float()
    par30_ratio = fields.Float()
    par90_ratio = fields.Float()


def _row(loan, late: dict[int, int]) -> dict:
    data = {name: getattr(loan, name) for name in LoanOut._declared_fields}
    data["days_past_due"] = late.get(loan.id, 0)
    return data


def _rows(loans) -> list[dict]:
    late = queries.days_past_due([loan.id for loan in loans], ledger.today())
    return [_row(loan, late) for loan in loans]


def _detail(loan):
    data = _row(loan, queries.days_past_due([loan.id], ledger.today()))
    data["installments"] = services.installments(loan.id)
    data["owed_satang"] = (
        repayments.total_owed(loan) if loan.status in ("active", "written_off") else 0
    )
    return data


@blp.route("/products")
class Products(MethodView):
    @api_require("welfare.loans.view")
    @blp.response(200, LoanProductOut(many=True))
    @paged(blp)
    def get(self):
        """Loan products of every fund."""
        return services.list_products()

    @api_require("welfare.loans.manage")
    @blp.arguments(LoanProductIn)
    @blp.response(201, LoanProductOut)
    @api_writes
    def post(self, data):
        """A new loan product (zero, flat or declining-balance interest)."""
        product = services.create_product(actor_id=current_user.id, **data)
        return product


@blp.route("/")
class Loans(MethodView):
    @api_require("welfare.loans.view")
    @blp.arguments(LoanListArgs, location="query")
    @blp.response(200, LoanOut(many=True))
    @paged(blp, present=_rows)
    def get(self, args):
        """Loans, newest first."""
        return services.loans_query(**args)

    @api_require("welfare.loans.manage")
    @blp.arguments(LoanApplyIn)
    @blp.response(201, LoanDetailOut)
    @api_writes
    def post(self, data):
        """Apply for a loan on a product's terms."""
        product = services.get_product(data["product_id"])
        loan = services.apply(fund_id=product.fund_id, actor_id=current_user.id, **data)
        return _detail(loan)


@blp.route("/<int:loan_id>")
class LoanDetail(MethodView):
    @api_require("welfare.loans.view")
    @blp.response(200, LoanDetailOut)
    @api_writes
    def get(self, loan_id: int):
        """A loan with its current schedule."""
        loan = services.sync_rejected(services.get_loan(loan_id))
        return _detail(loan)


@blp.route("/<int:loan_id>/disbursement")
class LoanDisbursement(MethodView):
    @api_require("welfare.loans.manage")
    @must_exist(loan_id=services.get_loan)
    @blp.arguments(LoanResolutionIn)
    @blp.response(201, LoanDetailOut)
    @api_writes
    def post(self, data, loan_id: int):
        """Send the loan to the fund's signatories under a loan resolution."""
        loan = services.request_disbursement(
            loan_id,
            resolution_id=data["resolution_id"],
            requested_by=current_user.id,
            pay_from=data["pay_from"],
        )
        return _detail(loan)


@blp.route("/<int:loan_id>/repayments")
class LoanRepayments(MethodView):
    @api_require("welfare.loans.view")
    @blp.response(200, LoanRepaymentOut(many=True))
    @paged(blp)
    def get(self, loan_id: int):
        """Repayments and recoveries of a loan."""
        services.get_loan(loan_id)
        return repayments.repayments_of(loan_id)

    @api_require("welfare.loans.collect")
    @must_exist(loan_id=services.get_loan)
    @blp.arguments(LoanRepaymentIn)
    @blp.response(201, LoanRepaymentOut)
    @api_writes
    def post(self, data, loan_id: int):
        """Record cash or a transfer; more than is owed is refused. Send an
        ``idempotency_key`` to make a retry record one repayment."""
        repayment = repayments.record_repayment(
            loan_id=loan_id,
            amount_satang=data["amount_satang"],
            method=data["method"],
            token=data["idempotency_key"] or secrets.token_urlsafe(16),
            actor_id=current_user.id,
            paid_on=data["paid_on"],
            reference=data["reference"],
        )
        return repayment


@blp.route("/<int:loan_id>/reschedule")
class LoanReschedule(MethodView):
    @api_require("welfare.loans.decide")
    @must_exist(loan_id=services.get_loan)
    @blp.arguments(LoanRescheduleIn)
    @blp.response(201, LoanDetailOut)
    @api_writes
    def post(self, data, loan_id: int):
        """A new schedule for what is owed, under a reschedule resolution."""
        lifecycle.reschedule(loan_id, actor_id=current_user.id, **data)
        return _detail(services.get_loan(loan_id))


@blp.route("/<int:loan_id>/reschedule/preview")
class LoanReschedulePreview(MethodView):
    @api_require("welfare.loans.decide")
    @must_exist(loan_id=services.get_loan)
    @blp.arguments(LoanReschedulePreviewIn)
    @blp.response(200, LoanReschedulePreviewOut)
    @api_writes
    def post(self, data, loan_id: int):
        """What a reschedule would carry over and cost, before and after;
        nothing is written."""
        discard()
        shown = lifecycle.preview(loan_id, **data)
        lines = [
            {
                "number": line.number,
                "version": None,
                "due_on": line.due_on,
                "principal_due": line.principal,
                "interest_due": line.interest,
                "fee_due": line.fee,
            }
            for line in shown.pop("lines")
        ]
        return {**shown, "installments": lines}


@blp.route("/<int:loan_id>/write-off")
class LoanWriteOff(MethodView):
    @api_require("welfare.loans.decide")
    @must_exist(loan_id=services.get_loan)
    @blp.arguments(LoanWriteOffIn)
    @blp.response(201, LoanDetailOut)
    @api_writes
    def post(self, data, loan_id: int):
        """Write off the outstanding principal under a write-off resolution."""
        loan = lifecycle.write_off(loan_id, actor_id=current_user.id, **data)
        return _detail(loan)


@blp.route("/par")
class LoanPar(MethodView):
    @api_require("welfare.loans.view")
    @blp.arguments(LoanParArgs, location="query")
    @blp.response(200, LoanParOut)
    def get(self, args):
        """Ageing buckets and PAR30/PAR90 of the active loans."""
        return queries.par_report(args["on"] or ledger.today(), fund_id=args["fund_id"])


@blp.route("/funds/<int:fund_id>/metrics")
class LoanMetrics(MethodView):
    @api_require("welfare.loans.view")
    @blp.response(200, LoanMetricsOut)
    def get(self, fund_id: int):
        """Revolving metrics of a fund: lent, repaid, outstanding, repayment rate…"""
        return metrics.fund_totals(fund_id)


class LoanOnlinePayIn(Schema):
    method = fields.String(required=True, validate=validate.OneOf(repayments.ONLINE_METHODS))
    return_url = fields.Url(load_default=None, require_tld=False)


class LoanOnlinePayOut(Schema):
    payment_id = fields.Integer()
    status = fields.String()
    amount_satang = fields.Integer()
    ref1 = fields.String(allow_none=True)
    qr_payload = fields.String(allow_none=True)
    redirect_url = fields.String(allow_none=True)


@blp.route("/installments/<int:installment_id>/payments")
class InstallmentPayment(MethodView):
    @api_require("welfare.loans.collect")
    @must_exist(installment_id=services.get_installment)
    @blp.arguments(LoanOnlinePayIn)
    @blp.response(201, LoanOnlinePayOut)
    @api_writes
    def post(self, data, installment_id: int):
        """Start paying one installment online: the organisation's PromptPay QR
        (Ref1 names the installment) or Stripe. The repayment is recorded
        when the payment succeeds."""
        from flask import url_for

        item = services.get_installment(installment_id)
        return_url = data["return_url"] or url_for(
            "welfare.loan_detail", slug=g.tenant.slug, loan_id=item.loan_id, _external=True
        )
        payment, checkout = repayments.start_online(
            installment_id=installment_id,
            method=data["method"],
            tenant=g.tenant,
            return_url=return_url,
            actor_id=current_user.id,
        )
        return {
            "payment_id": payment.id,
            "status": payment.status,
            "amount_satang": payment.amount,
            "ref1": payment.ref1,
            "qr_payload": checkout.qr_payload,
            "redirect_url": checkout.redirect_url,
        }
