"""API: trade between councils (``/api/v1/t/<slug>/market/network``), with
the same permissions as the pages."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.api.paging import paged
from core.api_auth import api_require
from core.api_fields import Satang
from core.boundary import api_writes
from market.network import services, settlement

blp = Blueprint(
    "market_network_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/market/network",
    description="Market: trade between councils",
)


class MarketNetApiPeerOut(Schema):
    slug = fields.String()
    name_th = fields.String()
    we_allow = fields.Boolean()
    they_allow = fields.Boolean()


class MarketNetApiPeerList(Schema):
    items = fields.List(fields.Nested(MarketNetApiPeerOut))


class MarketNetApiGrantIn(Schema):
    tenant = fields.String(required=True, validate=validate.Length(min=1, max=64))
    allow = fields.Boolean(load_default=True)


class MarketNetApiOfferIn(Schema):
    centre_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    price_satang = Satang(
        required=True, validate=validate.Range(min=0, max=10**12)
    )
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


class MarketNetApiOfferOut(Schema):
    id = fields.Integer()
    centre_id = fields.Integer()
    item_id = fields.Integer()
    quantity = fields.Integer()
    remaining = fields.Integer()
    price_satang = fields.Integer()
    active = fields.Boolean()


class MarketNetApiOfferList(Schema):
    items = fields.List(fields.Nested(MarketNetApiOfferOut))


class MarketNetApiPeerOfferOut(Schema):
    supplier = fields.Function(lambda o: o.tenant.slug)
    offer_id = fields.Integer()
    item_name = fields.String()
    unit = fields.String()
    remaining = fields.Integer()
    price_satang = fields.Integer()


class MarketNetApiPeerOfferList(Schema):
    items = fields.List(fields.Nested(MarketNetApiPeerOfferOut))


class MarketNetApiNetworkOrderIn(Schema):
    supplier = fields.String(required=True, validate=validate.Length(min=1, max=64))
    offer_id = fields.Integer(required=True)
    quantity = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=1_000_000)
    )
    centre_id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)


class MarketNetApiNetworkOrderOut(Schema):
    id = fields.Integer()
    side = fields.String()
    peer_tenant_id = fields.Integer()
    peer_order_id = fields.Integer(allow_none=True)
    centre_id = fields.Integer()
    item_id = fields.Integer()
    item_name = fields.String()
    quantity = fields.Integer()
    price_satang = fields.Integer()
    total_satang = fields.Integer()
    status = fields.String()
    journal_entry_id = fields.Integer(allow_none=True)
    settled_at = fields.DateTime(allow_none=True)


class MarketNetApiSettleIn(Schema):
    # Not required here: the order is looked up first (another council's id
    # is a 404 whatever the body), then the settlement checks the fields.
    method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("cash", "transfer")))
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class MarketNetApiNetworkOrderList(Schema):
    items = fields.List(fields.Nested(MarketNetApiNetworkOrderOut))


@blp.route("/peers")
class Peers(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiPeerList)
    @paged(blp)
    def get(self):
        """Organisations of the network and the grants each way."""
        given, received = services.grants_given(), services.grants_received()
        return {
            "items": [
                {
                    "slug": p.slug,
                    "name_th": p.name_th,
                    "we_allow": p.id in given,
                    "they_allow": p.id in received,
                }
                for p in services.peers()
            ]
        }


@blp.route("/grants")
class Grants(MethodView):
    @api_require("market.network.manage")
    @blp.arguments(MarketNetApiGrantIn)
    @blp.response(200, MarketNetApiPeerList)
    @api_writes
    def post(self, data):
        """Allow (or withdraw) trade with another organisation of the network."""
        if data["allow"]:
            services.grant(data["tenant"], actor_id=current_user.id)
        else:
            services.revoke(data["tenant"], actor_id=current_user.id)
        given, received = services.grants_given(), services.grants_received()
        return {
            "items": [
                {
                    "slug": p.slug,
                    "name_th": p.name_th,
                    "we_allow": p.id in given,
                    "they_allow": p.id in received,
                }
                for p in services.peers()
            ]
        }


@blp.route("/offers")
class Offers(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiOfferList)
    @paged(blp)
    def get(self):
        """Our surplus offers."""
        return {"items": services.my_offers(limit=None)}

    @api_require("market.network.trade")
    @blp.arguments(MarketNetApiOfferIn)
    @blp.response(201, MarketNetApiOfferOut)
    @api_writes
    def post(self, data):
        """Offer surplus stock to the network at a price per unit."""
        offer = services.offer(data, actor_id=current_user.id)
        return offer


@blp.route("/peer-offers")
class PeerOffers(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiPeerOfferList)
    @paged(blp)
    def get(self):
        """Offers of councils that trade with us (grants both ways)."""
        return {"items": services.offers_from_peers()}


@blp.route("/orders")
class Orders(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiNetworkOrderList)
    @paged(blp)
    def get(self):
        """Our sales and purchases between councils."""
        return {"items": services.orders(limit=None)}

    @api_require("market.network.trade")
    @blp.arguments(MarketNetApiNetworkOrderIn)
    @blp.response(201, MarketNetApiNetworkOrderOut)
    @api_writes
    def post(self, data):
        """Order from another council's offer (reserves its stock)."""
        order = services.place_order(data, actor_id=current_user.id)
        return order


def _step(fn, network_order_id: int):
    order = fn(services.get_order(network_order_id), actor_id=current_user.id)
    return order


@blp.route("/orders/<int:network_order_id>")
class OrderDetail(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiNetworkOrderOut)
    def get(self, network_order_id: int):
        """One side of a trade."""
        return services.get_order(network_order_id)


@blp.route("/orders/<int:network_order_id>/ship")
class OrderShip(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiNetworkOrderOut)
    @api_writes
    def post(self, network_order_id: int):
        """Ship a sale (supplier)."""
        return _step(services.ship, network_order_id)


@blp.route("/orders/<int:network_order_id>/receive")
class OrderReceive(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiNetworkOrderOut)
    @api_writes
    def post(self, network_order_id: int):
        """Receive a shipped purchase (buyer)."""
        return _step(services.receive, network_order_id)


@blp.route("/orders/<int:network_order_id>/cancel")
class OrderCancel(MethodView):
    @api_require("market.network.trade")
    @blp.response(200, MarketNetApiNetworkOrderOut)
    @api_writes
    def post(self, network_order_id: int):
        """Cancel an order not yet shipped (either side)."""
        return _step(services.cancel, network_order_id)


@blp.route("/orders/<int:network_order_id>/settle")
class OrderSettle(MethodView):
    @api_require("market.network.trade")
    @blp.arguments(MarketNetApiSettleIn)
    @blp.response(200, MarketNetApiNetworkOrderOut)
    @api_writes
    def post(self, data, network_order_id: int):
        """Settle a received trade in both councils' books at once (either
        side); a second settlement is refused with 409."""
        order = services.get_order(network_order_id)
        settlement.settle(order, data, actor_id=current_user.id)
        return services.get_order(network_order_id)
