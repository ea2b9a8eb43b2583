"""Trade between councils of a network: a council offers surplus, another
orders it, the supplier ships and the buyer receives. Stock moves in both
tenants and each ledger gets its side (receivable for the supplier, payable
for the buyer), linked by the same source string.

Crossing into another tenant happens only here, with an explicit
``tenant_context`` and only after :func:`require_trade` found grants both
ways. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from core.tenancy.context import require_tenant_id, tenant_context
from core.tenancy.models import Tenant
from market.catalog import parsing
from market.catalog import services as catalog
from market.models.catalog import Item
from market.models.exchange import NetworkGrant, NetworkOrder, SurplusOffer
from market.stock import services as stock


class NotGranted(Forbidden):
    code = "market_network_not_granted"
    message = N_("Trade between these councils has not been granted by both of them")


class NotAPeer(ValidationError):
    code = "market_network_not_a_peer"
    message = N_("This organisation is not in your network")


class OfferExhausted(Conflict):
    code = "market_offer_exhausted"
    message = N_("Only %(remaining)s are left on this offer")


class WrongOrderState(Conflict):
    code = "market_network_order_state"
    message = N_("This order is %(status)s; it cannot be changed that way")


# --- the network and its grants -------------------------------------------------------------


def peers(tenant_id: int | None = None) -> list[Tenant]:
    """Organisations in the same network: the parent, its other children and
    this tenant's own children (one level each way)."""
    me = db.session.get(Tenant, tenant_id or require_tenant_id())
    ids: set[int] = {c.id for c in me.children}
    if me.parent_id:
        ids.add(me.parent_id)
        ids |= set(db.session.scalars(sa.select(Tenant.id).where(Tenant.parent_id == me.parent_id)))
    ids.discard(me.id)
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Tenant).where(Tenant.id.in_(ids), Tenant.active).order_by(Tenant.slug)
        )
    )


def _granted(grantor: int, grantee: int) -> bool:
    return (
        db.session.scalar(
            sa.select(NetworkGrant.id).where(
                NetworkGrant.grantor_tenant_id == grantor, NetworkGrant.grantee_tenant_id == grantee
            )
        )
        is not None
    )


def grants_given() -> set[int]:
    return set(
        db.session.scalars(
            sa.select(NetworkGrant.grantee_tenant_id).where(
                NetworkGrant.grantor_tenant_id == require_tenant_id()
            )
        )
    )


def grants_received() -> set[int]:
    return set(
        db.session.scalars(
            sa.select(NetworkGrant.grantor_tenant_id).where(
                NetworkGrant.grantee_tenant_id == require_tenant_id()
            )
        )
    )


def trade_allowed(a: int, b: int) -> bool:
    return a != b and _granted(a, b) and _granted(b, a)


def require_trade(a: int, b: int) -> None:
    if not trade_allowed(a, b):
        raise NotGranted()


def peer_by_slug(slug) -> Tenant:
    for peer in peers():
        if peer.slug == slug:
            return peer
    raise NotAPeer(field="tenant")


def grant(slug: str, *, actor_id: int | None) -> NetworkGrant:
    peer = peer_by_slug(slug)
    me = require_tenant_id()
    existing = db.session.scalar(
        sa.select(NetworkGrant).where(
            NetworkGrant.grantor_tenant_id == me, NetworkGrant.grantee_tenant_id == peer.id
        )
    )
    if existing is not None:
        return existing
    row = NetworkGrant(grantor_tenant_id=me, grantee_tenant_id=peer.id, granted_by_id=actor_id)
    db.session.add(row)
    db.session.flush()
    record("market.network.grant", actor_id=actor_id, target_type="tenant", target_id=peer.id)
    return row


def revoke(slug: str, *, actor_id: int | None) -> None:
    peer = peer_by_slug(slug)
    db.session.execute(
        sa.delete(NetworkGrant).where(
            NetworkGrant.grantor_tenant_id == require_tenant_id(),
            NetworkGrant.grantee_tenant_id == peer.id,
        )
    )
    db.session.flush()
    record("market.network.revoke", actor_id=actor_id, target_type="tenant", target_id=peer.id)


# --- offers -----------------------------------------------------------------------------------


def offer(data: dict, *, actor_id: int | None) -> SurplusOffer:
    centre = catalog.get_centre(
        parsing.whole(data, "centre_id", minimum=1, required=True, maximum=2**62)
    )
    item = catalog.get_item(parsing.whole(data, "item_id", minimum=1, required=True, maximum=2**62))
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    if quantity > stock.available(centre.id, item.id):
        from market.stock.errors import NotEnoughStock

        raise NotEnoughStock(
            item=item.name_th, available=stock.available(centre.id, item.id), needed=quantity
        )
    price = parsing.satang(data, "price", required=True)
    row = SurplusOffer(
        centre_id=centre.id,
        item_id=item.id,
        quantity=quantity,
        remaining=quantity,
        price_satang=price,
        note=parsing.text(data, "note", length=300),
        active=True,
    )
    db.session.add(row)
    db.session.flush()
    record(
        "market.network.offer",
        actor_id=actor_id,
        target_type="market_surplus_offer",
        target_id=row.id,
    )
    return row


def my_offers(limit: int | None = 100) -> list[SurplusOffer]:
    return list(
        db.session.scalars(sa.select(SurplusOffer).order_by(SurplusOffer.id.desc()).limit(limit))
    )


@dataclass(frozen=True)
class PeerOffer:
    tenant: Tenant
    offer_id: int
    item_name: str
    unit: str
    remaining: int
    price_satang: int


def offers_from_peers() -> list[PeerOffer]:
    """Active offers of councils that trade with this one (grants both ways)."""
    me = require_tenant_id()
    found = []
    for peer in peers():
        if not trade_allowed(me, peer.id):
            continue
        with tenant_context(peer.id):
            rows = db.session.execute(
                sa.select(SurplusOffer, Item.name_th, Item.unit)
                .join(
                    Item,
                    sa.and_(
                        Item.id == SurplusOffer.item_id, Item.tenant_id == SurplusOffer.tenant_id
                    ),
                )
                .where(SurplusOffer.active.is_(True), SurplusOffer.remaining > 0)
                .order_by(SurplusOffer.id)
            ).all()
            found += [
                PeerOffer(peer, o.id, name, unit, o.remaining, o.price_satang)
                for o, name, unit in rows
            ]
    return found


# --- orders -----------------------------------------------------------------------------------


def get_order(order_id) -> NetworkOrder:
    row = db.session.get(NetworkOrder, order_id) if isinstance(order_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This network order does not exist"))
    return row


def orders(limit: int | None = 200) -> list[NetworkOrder]:
    return list(
        db.session.scalars(sa.select(NetworkOrder).order_by(NetworkOrder.id.desc()).limit(limit))
    )


def _link(sale: NetworkOrder, purchase: NetworkOrder) -> str:
    return f"market.network:{sale.tenant_id}/{sale.id}:{purchase.tenant_id}/{purchase.id}"


def place_order(data: dict, *, actor_id: int | None) -> NetworkOrder:
    """The buyer (tenant in context) orders from a peer's offer: the supplier's
    stock is reserved and the offer's remainder taken with one conditional
    UPDATE each, so two councils cannot both take the last units."""
    buyer = require_tenant_id()
    supplier = peer_by_slug(data.get("supplier"))
    require_trade(buyer, supplier.id)
    centre = catalog.get_centre(
        parsing.whole(data, "centre_id", minimum=1, required=True, maximum=2**62)
    )
    item = catalog.get_item(parsing.whole(data, "item_id", minimum=1, required=True, maximum=2**62))
    offer_id = parsing.whole(data, "offer_id", minimum=1, required=True, maximum=2**62)
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    with tenant_context(supplier.id):
        offer = db.session.get(SurplusOffer, offer_id)
        if offer is None or offer.tenant_id != supplier.id or not offer.active:
            raise NotFound(N_("This offer does not exist"))
        taken = db.session.execute(
            sa.update(SurplusOffer)
            .where(
                SurplusOffer.id == offer.id,
                SurplusOffer.tenant_id == supplier.id,
                SurplusOffer.active.is_(True),
                SurplusOffer.remaining >= quantity,
            )
            .values(remaining=SurplusOffer.remaining - quantity)
            .returning(SurplusOffer.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if taken is None:
            db.session.refresh(offer)
            raise OfferExhausted(remaining=offer.remaining)
        their_item = db.session.get(Item, offer.item_id)
        sale = NetworkOrder(
            side="sale",
            peer_tenant_id=buyer,
            offer_id=offer.id,
            centre_id=offer.centre_id,
            item_id=offer.item_id,
            item_name=their_item.name_th,
            quantity=quantity,
            price_satang=offer.price_satang,
            status="ordered",
            actor_id=None,
        )
        db.session.add(sale)
        db.session.flush()
        stock.reserve(
            offer.centre_id, offer.item_id, quantity, ref=f"market.network_sale:{sale.id}"
        )
    purchase = NetworkOrder(
        side="purchase",
        peer_tenant_id=supplier.id,
        peer_order_id=sale.id,
        centre_id=centre.id,
        item_id=item.id,
        item_name=their_item.name_th,
        quantity=quantity,
        price_satang=offer.price_satang,
        status="ordered",
        actor_id=actor_id,
    )
    db.session.add(purchase)
    db.session.flush()
    _set_peer(supplier.id, sale.id, peer_order_id=purchase.id)
    record(
        "market.network.order",
        actor_id=actor_id,
        target_type="market_network_order",
        target_id=purchase.id,
        after={"supplier": supplier.slug, "offer_id": offer.id, "quantity": quantity},
    )
    return purchase


def _set_peer(tenant_id: int, order_id: int, **values) -> None:
    with tenant_context(tenant_id):
        db.session.execute(
            sa.update(NetworkOrder)
            .where(NetworkOrder.id == order_id, NetworkOrder.tenant_id == tenant_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _claim(order: NetworkOrder, side: str, before: str, after: str, **values) -> None:
    if order.side != side:
        raise WrongOrderState(status=order.status)
    claimed = db.session.execute(
        sa.update(NetworkOrder)
        .where(
            NetworkOrder.id == order.id,
            NetworkOrder.tenant_id == order.tenant_id,
            NetworkOrder.status == before,
        )
        .values(status=after, **values)
        .returning(NetworkOrder.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        raise WrongOrderState(status=order.status)


def ship(order: NetworkOrder, *, actor_id: int | None) -> NetworkOrder:
    """The supplier ships a sale: reserved goods leave its stock at the agreed
    price (receivable from the buyer)."""
    require_trade(order.tenant_id, order.peer_tenant_id)
    now = utcnow()
    _claim(order, "sale", "ordered", "shipped", shipped_at=now)
    with tenant_context(order.peer_tenant_id):
        purchase = db.session.get(NetworkOrder, order.peer_order_id)
        link = _link(order, purchase)
    movement = stock.issue_reserved(
        order.centre_id,
        order.item_id,
        order.quantity,
        kind="network_out",
        ref=link,
        actor_id=actor_id,
        unit_value_satang=order.price_satang,
    )
    _set_peer(
        order.tenant_id,
        order.id,
        movement_id=movement.id,
        journal_entry_id=movement.journal_entry_id,
    )
    _set_peer(order.peer_tenant_id, order.peer_order_id, status="shipped", shipped_at=now)
    db.session.refresh(order)
    record(
        "market.network.ship",
        actor_id=actor_id,
        target_type="market_network_order",
        target_id=order.id,
    )
    return order


def receive(order: NetworkOrder, *, actor_id: int | None) -> NetworkOrder:
    """The buyer receives a shipped purchase: goods enter its stock at the
    agreed price (payable to the supplier)."""
    require_trade(order.tenant_id, order.peer_tenant_id)
    if order.side != "purchase" or order.status != "shipped":
        raise WrongOrderState(status=order.status)
    now = utcnow()
    _claim(order, "purchase", "shipped", "received", received_at=now)
    with tenant_context(order.peer_tenant_id):
        sale = db.session.get(NetworkOrder, order.peer_order_id)
        link = _link(sale, order)
    movement = stock.receive(
        order.centre_id,
        order.item_id,
        order.quantity,
        kind="network_in",
        ref=link,
        unit_cost_satang=order.price_satang,
        actor_id=actor_id,
    )
    _set_peer(
        order.tenant_id,
        order.id,
        movement_id=movement.id,
        journal_entry_id=movement.journal_entry_id,
    )
    _set_peer(order.peer_tenant_id, order.peer_order_id, status="received", received_at=now)
    db.session.refresh(order)
    record(
        "market.network.receive",
        actor_id=actor_id,
        target_type="market_network_order",
        target_id=order.id,
    )
    return order


def cancel(order: NetworkOrder, *, actor_id: int | None) -> NetworkOrder:
    """Either side cancels an order not yet shipped: the supplier's stock and
    offer are given back."""
    if order.status != "ordered":
        raise WrongOrderState(status=order.status)
    sale_tenant, sale_id = (
        (order.tenant_id, order.id)
        if order.side == "sale"
        else (order.peer_tenant_id, order.peer_order_id)
    )
    with tenant_context(sale_tenant):
        sale = db.session.get(NetworkOrder, sale_id)
        _claim(sale, "sale", "ordered", "cancelled")
        stock.release(
            sale.centre_id, sale.item_id, sale.quantity, ref=f"market.network_sale:{sale.id}"
        )
        db.session.execute(
            sa.update(SurplusOffer)
            .where(SurplusOffer.id == sale.offer_id, SurplusOffer.tenant_id == sale_tenant)
            .values(remaining=SurplusOffer.remaining + sale.quantity)
            .execution_options(synchronize_session=False)
        )
        purchase_tenant, purchase_id = sale.peer_tenant_id, sale.peer_order_id
    _set_peer(purchase_tenant, purchase_id, status="cancelled")
    db.session.refresh(order)
    record(
        "market.network.cancel",
        actor_id=actor_id,
        target_type="market_network_order",
        target_id=order.id,
    )
    return order
