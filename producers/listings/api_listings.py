"""API: listings, the public catalogue and reservations
(``/api/v1/t/<slug>/producers/market``), with the same permissions as the pages."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from core.api.paging import paged
from core.api_auth import Unauthorised, api_require
from core.api_fields import Satang
from core.boundary import api_writes
from producers.listings import reservations, services
from producers.lots import permissions  # noqa: F401  (declares the permissions used below)
from producers.models.listings import FULFILMENTS, PAYMENT_METHODS, RESERVATION_STATUSES, UNITS
from producers.models.pgs import LEVELS

blp = Blueprint("producers_listings_api", __name__, url_prefix="/api/v1/t/<slug>/producers/market",
                description="Producers: listings, catalogue and reservations")


def listing_in_tenant(view):
    @wraps(view)
    def wrapped(*args, listing_id: int, **kwargs):
        services.get_listing(listing_id)
        return view(*args, listing_id=listing_id, **kwargs)

    return wrapped


def reservation_in_tenant(view):
    @wraps(view)
    def wrapped(*args, reservation_id: int, **kwargs):
        reservations.get(reservation_id)
        return view(*args, reservation_id=reservation_id, **kwargs)

    return wrapped


class MarketListingIn(Schema):
    plot_id = fields.Integer(load_default=None)
    lot_id = fields.Integer(load_default=None)
    crop = fields.String(load_default=None, validate=validate.Length(max=100))
    title = fields.String(load_default=None, validate=validate.Length(max=200))
    description = fields.String(load_default=None, validate=validate.Length(max=2000))
    unit = fields.String(load_default="kg", validate=validate.OneOf(UNITS))
    price = Satang(required=True, validate=validate.Range(min=1, max=services.MAX_PRICE_SATANG),
                           metadata={"description": "satang per unit"})
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=services.MAX_UNITS))
    pickup = fields.Boolean(load_default=True)
    delivery = fields.Boolean(load_default=False)
    pickup_note = fields.String(load_default=None, validate=validate.Length(max=300))
    delivery_note = fields.String(load_default=None, validate=validate.Length(max=300))


class MarketListingOut(Schema):
    id = fields.Integer()
    plot_id = fields.Integer()
    lot_id = fields.Integer(allow_none=True)
    crop = fields.String()
    title = fields.String()
    description = fields.String(allow_none=True)
    unit = fields.String()
    price = fields.Integer(metadata={"description": "satang per unit"})
    quantity_listed = fields.Integer()
    quantity_available = fields.Integer()
    pickup = fields.Boolean()
    delivery = fields.Boolean()
    pickup_note = fields.String(allow_none=True)
    delivery_note = fields.String(allow_none=True)
    status = fields.String()
    shown = fields.Function(lambda listing: services.visible(listing) is not None,
                            metadata={"description": "on the catalogue now (certificate active)"})


class MarketListingList(Schema):
    items = fields.List(fields.Nested(MarketListingOut))


class MarketCatalogueArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=100))
    village_id = fields.Integer(load_default=None)
    level = fields.String(load_default=None, validate=validate.OneOf(LEVELS))


class MarketOfferOut(Schema):
    listing_id = fields.Function(lambda o: o.listing.id)
    title = fields.Function(lambda o: o.listing.title)
    crop = fields.Function(lambda o: o.listing.crop)
    unit = fields.Function(lambda o: o.listing.unit)
    price = fields.Function(lambda o: o.listing.price)
    quantity_available = fields.Function(lambda o: o.listing.quantity_available)
    pickup = fields.Function(lambda o: o.listing.pickup)
    delivery = fields.Function(lambda o: o.listing.delivery)
    level = fields.String()
    certificate_number = fields.String(allow_none=True)
    farm = fields.String()
    group = fields.String(allow_none=True)
    village = fields.String(allow_none=True)


class MarketOfferList(Schema):
    items = fields.List(fields.Nested(MarketOfferOut))


class MarketReserveIn(Schema):
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=services.MAX_UNITS))
    pickup_on = fields.Date(required=True)
    fulfilment = fields.String(load_default="pickup", validate=validate.OneOf(FULFILMENTS))
    payment_method = fields.String(load_default="cash", validate=validate.OneOf(PAYMENT_METHODS))
    note = fields.String(load_default=None, validate=validate.Length(max=500))


class MarketReservationOut(Schema):
    id = fields.Integer()
    number = fields.Function(reservations.number)
    listing_id = fields.Integer()
    quantity = fields.Integer()
    amount = fields.Integer(metadata={"description": "satang"})
    pickup_on = fields.Date()
    fulfilment = fields.String()
    status = fields.String()
    payment_method = fields.String()
    payment_id = fields.Integer(allow_none=True)
    paid = fields.Boolean()
    guest_name = fields.String(allow_none=True)


class MarketReservationList(Schema):
    items = fields.List(fields.Nested(MarketReservationOut))


class MarketStatusArgs(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(RESERVATION_STATUSES))


class MarketReasonIn(Schema):
    reason = fields.String(load_default=None, validate=validate.Length(max=300))


@blp.route("/listings")
class Listings(MethodView):
    @api_require("producers.listings.manage")
    @blp.response(200, MarketListingList)
    @paged(blp)
    def get(self):
        """Listings of the plots the caller manages, with whether each is shown now."""
        return {"items": services.own_listings(current_user, g.tenant.id, limit=None)}

    @api_require("producers.listings.manage")
    @blp.arguments(MarketListingIn)
    @blp.response(201, MarketListingOut)
    @api_writes
    def post(self, data):
        """List goods from a currently certified plot or lot (price in satang per unit)."""
        listing = services.create_listing(current_user, g.tenant.id, data)
        return listing


@blp.route("/listings/<int:listing_id>/close")
class CloseListing(MethodView):
    @api_require("producers.listings.manage")
    @listing_in_tenant
    @blp.response(200, MarketListingOut)
    @api_writes
    def post(self, listing_id: int):
        """Take a listing off the catalogue."""
        listing = services.close_listing(current_user, g.tenant.id, listing_id)
        return listing


@blp.route("/catalogue")
class Catalogue(MethodView):
    @blp.doc(security=[])  # public
    @blp.arguments(MarketCatalogueArgs, location="query")
    @blp.response(200, MarketOfferList)
    @paged(blp)
    def get(self, args):
        """The network's public catalogue: open listings of currently certified plots (no log-in)."""
        return {"items": services.catalogue(q=args["q"], village_id=args["village_id"], level=args["level"], limit=None)}


@blp.route("/listings/<int:listing_id>/reservations")
class Reserve(MethodView):
    @listing_in_tenant
    @blp.arguments(MarketReserveIn)
    @blp.response(201, MarketReservationOut)
    @api_writes
    def post(self, data, listing_id: int):
        """Reserve units for a pickup date (logged-in consumers; guests use the page)."""
        if not current_user.is_authenticated:
            raise Unauthorised()
        reservation = reservations.reserve(listing_id, consumer=current_user, **data)
        return reservation


@blp.route("/my-reservations")
class MyReservations(MethodView):
    @blp.response(200, MarketReservationList)
    @paged(blp)
    def get(self):
        """The caller's own reservations (as a consumer)."""
        if not current_user.is_authenticated:
            raise Unauthorised()
        return {"items": [r for r, _listing in reservations.for_consumer(current_user.id, limit=None)]}


@blp.route("/reservations")
class Reservations(MethodView):
    @api_require("producers.reservations.manage")
    @blp.arguments(MarketStatusArgs, location="query")
    @blp.response(200, MarketReservationList)
    @paged(blp)
    def get(self, args):
        """Reservations of the caller's listings."""
        return {"items": [r for r, _listing in reservations.for_producer(current_user, g.tenant.id, args["status"], limit=None)]}


def _action(name: str):
    @api_require("producers.reservations.manage")
    @reservation_in_tenant
    @blp.arguments(MarketReasonIn)
    @blp.response(200, MarketReservationOut)
    @api_writes
    def post(self, data, reservation_id: int):
        if name == "confirm":
            result = reservations.confirm(current_user, g.tenant.id, reservation_id)
        elif name == "decline":
            result = reservations.decline(current_user, g.tenant.id, reservation_id, data["reason"])
        elif name == "collected":
            result = reservations.mark_collected(current_user, g.tenant.id, reservation_id)
        else:
            result = reservations.cancel(reservations.get(reservation_id), actor=current_user,
                                         tenant_id=g.tenant.id, reason=data["reason"])
        return result

    post.__doc__ = f"{name.capitalize()} a reservation (the producer of its listing, or network staff)."
    return type(f"Reservation{name.capitalize()}", (MethodView,), {"post": post})


for _name in ("confirm", "decline", "collected", "cancel"):
    blp.route(f"/reservations/<int:reservation_id>/{_name}")(_action(_name))
