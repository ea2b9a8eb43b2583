"""Network pages: grants to other councils, surplus offers, orders between
councils, shipment and receipt."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import can, require
from core.boundary import refusal, writes
from market import bp
from market.catalog import services as catalog
from market.catalog.web import errors_of, posted
from market.network import services, settlement


def _page(errors=None, data=None, status=200):
    peers = services.peers()
    given, received = services.grants_given(), services.grants_received()
    return render_template(
        "market/network/index.html",
        peers=peers,
        given=given,
        received=received,
        offers=services.my_offers(),
        peer_offers=services.offers_from_peers(),
        orders=services.orders(),
        balances=settlement.balances(),
        centres=catalog.centres(),
        items=catalog.items(active_only=True),
        errors=errors or {},
        data=data or {},
        can_grant=can(current_user, "market.network.manage", g.tenant.id),
    ), status


@bp.get("/network")
@require("market.network.trade")
def network():
    return _page()


def _act(fn, permission: str = "market.network.trade"):
    if not can(current_user, permission, g.tenant.id):
        abort(403)
    data = posted()
    with refusal() as refused:
        fn(data)
        flash(_("Saved"), "success")
        return redirect(url_for("market.network"))
    if exc := refused.error:
        return _page(errors_of(exc), data, 422)


@bp.post("/network/grants")
@require("market.network.manage")
@writes
def network_grant():
    def fn(data):
        if data.get("action") == "revoke":
            services.revoke(data.get("tenant"), actor_id=current_user.id)
        else:
            services.grant(data.get("tenant"), actor_id=current_user.id)

    return _act(fn, "market.network.manage")


@bp.post("/network/offers")
@require("market.network.trade")
@writes
def network_offer():
    return _act(lambda data: services.offer(data, actor_id=current_user.id))


@bp.post("/network/order")
@require("market.network.trade")
@writes
def network_place_order():
    return _act(lambda data: services.place_order(data, actor_id=current_user.id))


@bp.get("/network/orders/<int:network_order_id>")
@require("market.network.trade")
def network_order(network_order_id: int):
    return _order_page(services.get_order(network_order_id))


def _order_page(order, errors=None, data=None, status=200):
    return render_template(
        "market/network/order.html", order=order, settlement=settlement.settlement_of(order),
        errors=errors or {}, data=data or {"method": "transfer"},
        can_view_ledger=can(current_user, "ledger.view", g.tenant.id),
    ), status


def _order_step(network_order_id: int, fn):
    order = services.get_order(network_order_id)
    with refusal() as refused:
        fn(order, actor_id=current_user.id)
        flash(_("Saved"), "success")
    if exc := refused.error:
        flash(errors_of(exc).popitem()[1], "error")
    return redirect(url_for("market.network_order", network_order_id=network_order_id))


@bp.post("/network/orders/<int:network_order_id>/ship")
@require("market.network.trade")
@writes
def network_ship(network_order_id: int):
    return _order_step(network_order_id, services.ship)


@bp.post("/network/orders/<int:network_order_id>/receive")
@require("market.network.trade")
@writes
def network_receive(network_order_id: int):
    return _order_step(network_order_id, services.receive)


@bp.post("/network/orders/<int:network_order_id>/cancel")
@require("market.network.trade")
@writes
def network_cancel(network_order_id: int):
    return _order_step(network_order_id, services.cancel)


@bp.post("/network/orders/<int:network_order_id>/settle")
@require("market.network.trade")
@writes
def network_settle(network_order_id: int):
    """Both councils' books at once: the buyer's payable and the supplier's
    receivable cleared together."""
    order = services.get_order(network_order_id)
    data = posted()
    with refusal() as refused:
        settlement.settle(order, data, actor_id=current_user.id)
        flash(_("The trade was settled in both councils' books"), "success")
    if exc := refused.error:
        return _order_page(services.get_order(network_order_id), errors_of(exc), data, exc.status)
    return redirect(url_for("market.network_order", network_order_id=network_order_id))
