"""API: orders and deliveries (``/api/v1/t/<slug>/market``), with the same
permissions and services as the pages. Money is integer satang with a
formatted string beside it."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, validate

from core.api.paging import PageFields, paged
from core.api_auth import api_require
from core.auth.policies import can
from core.db import db
from core.errors import Forbidden
from core.i18n.formatting import format_thb
from market.delivery import services as deliveries
from market.orders import (
    permissions,  # noqa: F401  (declares the permissions)
    policies,
    queries,
    services,
)
from market.reports import queries as reports

blp = Blueprint("market_orders_api", __name__, url_prefix="/api/v1/t/<slug>/market", description="Market orders")


class _In(Schema):
    class Meta:
        unknown = EXCLUDE


class OrderLineOut(Schema):
    item_id = fields.Integer()
    name_th = fields.String(attribute="item_name_th")
    name_en = fields.String(attribute="item_name_en")
    unit = fields.String()
    quantity = fields.Integer()
    unit_price = fields.Integer(metadata={"description": "satang"})
    amount = fields.Integer(metadata={"description": "satang"})


class MarketOrderOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    centre_id = fields.Integer()
    household_id = fields.Integer()
    slot_id = fields.Integer(allow_none=True)
    status = fields.String()
    fulfilment = fields.String()
    rest_method = fields.String()
    total = fields.Integer(metadata={"description": "satang"})
    coupon_paid = fields.Integer(metadata={"description": "satang"})
    cash_paid = fields.Integer(metadata={"description": "satang"})
    credit_paid = fields.Integer(metadata={"description": "satang: store and waste-bank credit"})
    due = fields.Integer(metadata={"description": "satang"})
    due_formatted = fields.Function(lambda o: format_thb(o.due))
    placed_at = fields.DateTime()
    on_behalf = fields.Boolean()
    collected_by_name = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    lines = fields.List(fields.Nested(OrderLineOut))


class MarketOrderList(PageFields):
    items = fields.List(fields.Nested(MarketOrderOut))


class OrderPageArgs(_In):
    status = fields.String(load_default=None, validate=validate.OneOf(list(policies.STATUS_LABELS)))
    round_id = fields.Integer(load_default=None, validate=validate.Range(min=1))


class OrderLineIn(_In):
    item_id = fields.Integer(required=True, strict=True)
    quantity = fields.Integer(required=True, strict=True)


class MarketOrderIn(_In):
    round_id = fields.Integer(required=True, strict=True)
    household_id = fields.Integer(load_default=None, strict=True)
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(max=200))
    fulfilment = fields.String(load_default="pickup")
    rest_method = fields.String(load_default="cash")
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class OrderPaymentIn(_In):
    method = fields.String(required=True, validate=validate.OneOf(["promptpay", "card"]))


class OrderPaymentOut(Schema):
    id = fields.Integer()
    method = fields.String()
    status = fields.String()
    amount = fields.Integer()
    ref1 = fields.String(allow_none=True)


class OrderCashIn(_In):
    token = fields.String(required=True, validate=validate.Length(min=16, max=64))


class OrderMoveIn(_In):
    target = fields.String(required=True, validate=validate.OneOf(["packed", "ready", "collected"]))
    collected_by_name = fields.String(load_default=None, validate=validate.Length(max=200))


class OrderCancelIn(_In):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class MarketDeliveryOut(Schema):
    id = fields.Integer()
    order_id = fields.Integer()
    village_id = fields.Integer(allow_none=True)
    volunteer_user_id = fields.Integer(allow_none=True)
    status = fields.String()
    recipient_name = fields.String(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)


class DeliveryAssignIn(_In):
    delivery_ids = fields.List(fields.Integer(strict=True), required=True, validate=validate.Length(min=1, max=500))
    volunteer_user_id = fields.Integer(required=True, strict=True)


class DeliveryReasonIn(_In):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class DeliveryProofForm(_In):
    recipient_name = fields.String(required=True, validate=validate.Length(min=1, max=200))


class DeliveryProofFiles(_In):
    photo = Upload(required=True)


class BeneficiaryReachOut(Schema):
    label = fields.String()
    villages = fields.Integer()
    households = fields.Integer()
    people = fields.Integer()


class MarketBeneficiariesOut(Schema):
    rounds = fields.List(fields.Nested(BeneficiaryReachOut))
    programmes = fields.List(fields.Nested(BeneficiaryReachOut))
    total = fields.Nested(BeneficiaryReachOut)


def _found_first(view):
    """404 for another tenant's (or another household's) row before the body
    is validated, so a foreign id never gets as far as a 422."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if "order_id" in kwargs:
            _visible(kwargs["order_id"])
        if "delivery_id" in kwargs:
            deliveries.for_volunteer(kwargs["delivery_id"], current_user.id,
                                     manager=can(current_user, "market.deliveries.manage", g.tenant.id))
        return view(*args, **kwargs)

    return wrapped


def _staff() -> bool:
    return can(current_user, "market.orders.manage", g.tenant.id)


def _visible(order_id: int):
    order = services.get(order_id)
    if can(current_user, "market.orders.view", g.tenant.id):
        return order
    if can(current_user, "market.orders.own", g.tenant.id) and order.household_id == services.household_of_user(
            current_user.id):
        return order
    raise services.OrderNotFound()


@blp.route("/orders")
class Orders(MethodView):
    @api_require("market.orders.view")
    @blp.arguments(OrderPageArgs, location="query")
    @blp.response(200, MarketOrderList)
    @paged(blp, present=lambda rows: [order for order, _code in rows])
    def get(self, args):
        """Orders of the organisation, newest first."""
        return {"items": queries.orders_query(status=args["status"], round_id=args["round_id"])}

    @api_require("tenant.view")
    @blp.arguments(MarketOrderIn)
    @blp.response(201, MarketOrderOut)
    def post(self, data):
        """Place an order: a household for itself, or staff for any household
        (``household_id``). Within limits, stock reserved, all or nothing."""
        own = services.household_of_user(current_user.id) if can(
            current_user, "market.orders.own", g.tenant.id) else None
        staff = _staff()
        household_id = data["household_id"] if staff and data["household_id"] else own
        if household_id is None or (not staff and data["household_id"] not in (None, own)):
            raise Forbidden()
        items: dict[int, int] = {}
        for line in data["lines"]:
            if line["item_id"] in items:
                raise policies.InvalidQuantity(item=str(line["item_id"]), max=policies.MAX_QUANTITY, field="lines")
            items[line["item_id"]] = line["quantity"]
        order = services.place(household_id=household_id, round_id=data["round_id"], items=items,
                               actor_id=current_user.id, on_behalf=staff and household_id != own,
                               fulfilment=data["fulfilment"], rest_method=data["rest_method"], note=data["note"])
        db.session.commit()
        return services.get(order.id)


@blp.route("/orders/<int:order_id>")
class OrderDetail(MethodView):
    @api_require("tenant.view")
    @blp.response(200, MarketOrderOut)
    def get(self, order_id: int):
        """One order: staff see any, a household only its own."""
        return _visible(order_id)


@blp.route("/orders/<int:order_id>/coupons")
class OrderCoupons(MethodView):
    @api_require("tenant.view")
    @blp.response(200, MarketOrderOut)
    def post(self, order_id: int):
        """Pay what is due with the household's usable coupons, coupons first."""
        order = _visible(order_id)
        services.pay_with_coupons(order.id, actor_id=current_user.id)
        db.session.commit()
        return services.get(order.id)


@blp.route("/orders/<int:order_id>/payments")
class OrderPayments(MethodView):
    @api_require("tenant.view")
    @_found_first
    @blp.arguments(OrderPaymentIn)
    @blp.response(201, OrderPaymentOut)
    def post(self, data, order_id: int):
        """Start a PromptPay or card payment for what is still due."""
        order = _visible(order_id)
        payment = services.start_payment(order.id, data["method"], actor_id=current_user.id)
        db.session.commit()
        return payment


@blp.route("/orders/<int:order_id>/cash")
class OrderCash(MethodView):
    @api_require("market.orders.manage")
    @_found_first
    @blp.arguments(OrderCashIn)
    @blp.response(200, MarketOrderOut)
    def post(self, data, order_id: int):
        """Cash received at the desk for what is due (a numbered receipt)."""
        services.record_cash(order_id, actor_id=current_user.id, token=data["token"])
        db.session.commit()
        return services.get(order_id)


@blp.route("/orders/<int:order_id>/transitions")
class OrderMove(MethodView):
    @api_require("market.orders.manage")
    @_found_first
    @blp.arguments(OrderMoveIn)
    @blp.response(200, MarketOrderOut)
    def post(self, data, order_id: int):
        """placed → packed → ready → collected; refused moves say why (409)."""
        if data["target"] == "collected":
            services.collect(order_id, actor_id=current_user.id, collected_by_name=data["collected_by_name"])
        else:
            services.move(order_id, data["target"], actor_id=current_user.id)
        db.session.commit()
        return services.get(order_id)


@blp.route("/orders/<int:order_id>/cancel")
class OrderCancel(MethodView):
    @api_require("tenant.view")
    @_found_first
    @blp.arguments(OrderCancelIn)
    @blp.response(200, MarketOrderOut)
    def post(self, data, order_id: int):
        """Cancel: stock, coupon value and money given back. A household may
        cancel its own order while it is only placed."""
        order = _visible(order_id)
        if not _staff() and order.status != "placed":
            raise policies.InvalidTransition(order=order.id, status=order.status, target="cancelled")
        services.cancel(order.id, reason=data["reason"], actor_id=current_user.id)
        db.session.commit()
        return services.get(order.id)


@blp.route("/deliveries")
class Deliveries(MethodView):
    @api_require("market.deliveries.manage")
    @blp.response(200, MarketDeliveryOut(many=True))
    @paged(blp)
    def get(self):
        """Open deliveries, grouped by village in order."""
        return [d for rows in deliveries.by_village().values() for d in rows]


@blp.route("/deliveries/mine")
class MyDeliveries(MethodView):
    @api_require("market.deliveries.volunteer")
    @blp.response(200, MarketDeliveryOut(many=True))
    @paged(blp)
    def get(self):
        """The deliveries assigned to the caller."""
        return deliveries.mine(current_user.id, include_done=True)


@blp.route("/deliveries/assign")
class AssignDeliveries(MethodView):
    @api_require("market.deliveries.manage")
    @blp.arguments(DeliveryAssignIn)
    @blp.response(200, MarketDeliveryOut(many=True))
    def post(self, data):
        """Assign open deliveries to a volunteer."""
        deliveries.assign(data["delivery_ids"], data["volunteer_user_id"], actor_id=current_user.id)
        db.session.commit()
        return [deliveries.get(i) for i in data["delivery_ids"] if _exists(i)]


def _exists(delivery_id: int) -> bool:
    try:
        deliveries.get(delivery_id)
    except deliveries.DeliveryNotFound:
        return False
    return True


@blp.route("/deliveries/<int:delivery_id>/proof")
class DeliveryProof(MethodView):
    @api_require("market.deliveries.volunteer")
    @_found_first
    @blp.arguments(DeliveryProofForm, location="form")
    @blp.arguments(DeliveryProofFiles, location="files")
    @blp.response(200, MarketDeliveryOut)
    def post(self, form, files, delivery_id: int):
        """Proof of delivery (multipart ``recipient_name`` and ``photo``): the
        order becomes delivered and its goods leave the stock."""
        from core.documents.services import max_bytes

        manager = can(current_user, "market.deliveries.manage", g.tenant.id)
        upload = files["photo"]
        delivery = deliveries.prove(delivery_id, recipient_name=form["recipient_name"],
                                    photo=upload.read(max_bytes() + 1), filename=upload.filename,
                                    actor_id=current_user.id, manager=manager)
        db.session.commit()
        return delivery


@blp.route("/deliveries/<int:delivery_id>/undelivered")
class Undelivered(MethodView):
    @api_require("market.deliveries.volunteer")
    @_found_first
    @blp.arguments(DeliveryReasonIn)
    @blp.response(200, MarketDeliveryOut)
    def post(self, data, delivery_id: int):
        """A visit that could not hand the goods over: an attempt with its reason;
        the delivery stays open for another attempt (only staff cancel)."""
        manager = can(current_user, "market.deliveries.manage", g.tenant.id)
        delivery = deliveries.undelivered(delivery_id, reason=data["reason"], actor_id=current_user.id,
                                          manager=manager)
        db.session.commit()
        return delivery


@blp.route("/reports/beneficiaries")
class Beneficiaries(MethodView):
    @api_require("market.reports.view")
    @blp.response(200, MarketBeneficiariesOut)
    def get(self):
        """Villages, households and people served, per round and programme."""
        rounds, total = reports.beneficiaries_by_round()
        return {"rounds": rounds, "programmes": reports.beneficiaries_by_programme(), "total": total}
