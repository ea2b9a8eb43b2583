"""API: deliveries (``/api/v1/t/<slug>/market``): the list, a volunteer's own,
assigning them, proof of delivery and an undelivered order, on the market
orders API blueprint, with the same permissions and services as the pages."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user

from core.api.paging import paged
from core.api_auth import api_require
from core.auth.policies import can
from core.boundary import api_writes, must_exist
from core.documents.services import max_bytes
from market.delivery import services as deliveries
from market.delivery.schemas import (
    DeliveryAssignIn,
    DeliveryProofFiles,
    DeliveryProofForm,
    DeliveryReasonIn,
    MarketDeliveryOut,
)
from market.orders.api_orders import blp


def _manager() -> bool:
    return can(current_user, "market.deliveries.manage", g.tenant.id)


def _for_caller(delivery_id: int):
    """The delivery if the caller may work on it (staff any, a volunteer their
    own); otherwise 404, before the body is read."""
    return deliveries.for_volunteer(delivery_id, current_user.id, manager=_manager())


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
    @api_writes
    def post(self, data):
        """Assign open deliveries to a volunteer."""
        deliveries.assign(data["delivery_ids"], data["volunteer_user_id"], actor_id=current_user.id)
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
    @must_exist(delivery_id=_for_caller)
    @blp.arguments(DeliveryProofForm, location="form")
    @blp.arguments(DeliveryProofFiles, location="files")
    @blp.response(200, MarketDeliveryOut)
    @api_writes
    def post(self, form, files, delivery_id: int):
        """Proof of delivery (multipart ``recipient_name`` and ``photo``): the
        order becomes delivered and its goods leave the stock."""
        upload = files["photo"]
        return deliveries.prove(delivery_id, recipient_name=form["recipient_name"],
                                photo=upload.read(max_bytes() + 1), filename=upload.filename,
                                actor_id=current_user.id, manager=_manager())


@blp.route("/deliveries/<int:delivery_id>/undelivered")
class Undelivered(MethodView):
    @api_require("market.deliveries.volunteer")
    @must_exist(delivery_id=_for_caller)
    @blp.arguments(DeliveryReasonIn)
    @blp.response(200, MarketDeliveryOut)
    @api_writes
    def post(self, data, delivery_id: int):
        """A visit that could not hand the goods over: an attempt with its reason;
        the delivery stays open for another attempt (only staff cancel)."""
        return deliveries.undelivered(delivery_id, reason=data["reason"], actor_id=current_user.id,
                                      manager=_manager())
