"""API: payments (``/api/v1/t/<slug>/payments``): list, one with its history,
start paying (Stripe or the fake gateway), refund. Errors are JSON with stable
codes (see ``core.web``)."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from core.api.paging import PageFields, paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.boundary import api_writes, must_exist
from core.payments import queries, services
from core.payments.models import METHODS, STATUSES
from core.payments.stripe import gateway as stripe_gateway

blp = Blueprint("payments_api", __name__, url_prefix="/api/v1/t/<slug>/payments", description="Payments")


class ListArgs(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    method = fields.String(load_default=None, validate=validate.OneOf(METHODS))


class PaymentOut(Schema):
    id = fields.Integer()
    purpose = fields.String()
    description = fields.String()
    amount = fields.Integer(metadata={"description": "satang"})
    refunded = fields.Integer(metadata={"description": "satang"})
    method = fields.String()
    provider = fields.String()
    status = fields.String()
    ref1 = fields.String(allow_none=True)
    created_at = fields.DateTime()
    succeeded_at = fields.DateTime(allow_none=True)


class EventOut(Schema):
    at = fields.DateTime()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    source = fields.String()


class RefundOut(Schema):
    id = fields.Integer()
    amount = fields.Integer(metadata={"description": "satang"})
    reason = fields.String(allow_none=True)
    at = fields.DateTime()


class PaymentDetailOut(PaymentOut):
    events = fields.List(fields.Nested(EventOut))
    refunds = fields.List(fields.Nested(RefundOut))


class PaymentPage(PageFields):
    items = fields.List(fields.Nested(PaymentOut))


class StartIn(Schema):
    method = fields.String(load_default=None, validate=validate.OneOf(("promptpay", "card", "fake")))
    return_url = fields.Url(required=True, schemes={"http", "https"})
    email = fields.Email(load_default=None)


class CheckoutOut(Schema):
    payment_id = fields.Integer()
    status = fields.String()
    provider_ref = fields.String()
    redirect_url = fields.String(allow_none=True)
    qr_image_url = fields.String(allow_none=True)
    qr_payload = fields.String(allow_none=True)
    expires_at = fields.Integer(allow_none=True)


class RefundIn(Schema):
    amount = Satang(required=True, validate=validate.Range(min=1), metadata={"description": "satang"})
    reason = fields.String(load_default=None, validate=validate.Length(max=500))


@blp.route("")
class Payments(MethodView):
    @api_require("payments.view")
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, PaymentPage)
    @paged(blp)
    def get(self, args):
        """Payments, newest first, filtered by status and method."""
        return {"items": queries.payments_query(args["status"], args["method"])}


@blp.route("/<int:payment_id>")
class PaymentDetail(MethodView):
    @api_require("payments.view")
    @blp.response(200, PaymentDetailOut)
    def get(self, payment_id: int):
        """A payment with its status history and refunds."""
        payment = services.get(payment_id)
        data = {name: getattr(payment, name) for name in PaymentOut._declared_fields}
        data["events"] = queries.events(payment_id)
        data["refunds"] = queries.refunds(payment_id)
        return data


@blp.route("/<int:payment_id>/start")
class StartPayment(MethodView):
    @api_require("payments.record")
    @must_exist(payment_id=services.get)  # another tenant's id is a 404 before the body is read
    @blp.arguments(StartIn)
    @blp.response(200, CheckoutOut)
    @api_writes
    def post(self, data, payment_id: int):
        """Start paying: a redirect URL (card, fake) or a PromptPay QR (image URL and payload)."""
        checkout = stripe_gateway.start(payment_id, method=data["method"], tenant=g.tenant,
                                        return_url=data["return_url"], email=data["email"])
        payment = services.get(payment_id)
        return {"payment_id": payment.id, "status": payment.status, "provider_ref": checkout.provider_ref,
                "redirect_url": checkout.redirect_url, "qr_image_url": checkout.qr_image_url,
                "qr_payload": checkout.qr_payload, "expires_at": checkout.expires_at}


@blp.route("/<int:payment_id>/refunds")
class Refunds(MethodView):
    @api_require("payments.refund")
    @must_exist(payment_id=services.get)
    @blp.arguments(RefundIn)
    @blp.response(201, RefundOut)
    @api_writes
    def post(self, data, payment_id: int):
        """Refund part or all of a payment (amount in satang), through its gateway."""
        record = stripe_gateway.refund_via_gateway(payment_id, data["amount"], tenant=g.tenant,
                                                   reason=data["reason"], actor_id=current_user.id,
                                                   source="api")
        return record
