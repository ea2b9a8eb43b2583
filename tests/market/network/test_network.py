"""Trade between councils of a network: refused without grants both ways;
with them, stock and ledgers move in both tenants and stay balanced."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import DomainError
from core.ledger import queries as ledger_queries
from core.ledger.models import Account
from core.tenancy.context import set_tenant, tenant_context
from market.network import services
from market.stock import services as stock
from market.stock.valuation import BOOK
from tests.factories.market import make_shop
from tests.race import race


def balance(code: str) -> int:
    account = db.session.scalar(
        sa.select(Account).where(Account.book == BOOK, Account.code == code)
    )
    return account.balance if account else 0


@pytest.fixture
def pair(ctx, make_tenant):
    network = make_tenant(kind="network")
    supplier = make_shop(make_tenant(parent_id=network.id))
    buyer = make_shop(make_tenant(parent_id=network.id))
    outsider = make_shop(make_tenant())
    set_tenant(supplier.tenant.id)
    stock.receive(
        supplier.centre.id,
        supplier.rice.id,
        50,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    offer = services.offer(
        {
            "centre_id": supplier.centre.id,
            "item_id": supplier.rice.id,
            "quantity": "20",
            "price": "140",
        },
        actor_id=None,
    )
    db.session.commit()
    return supplier, buyer, outsider, offer


def grant_both(supplier, buyer):
    with tenant_context(supplier.tenant.id):
        services.grant(buyer.tenant.slug, actor_id=None)
    with tenant_context(buyer.tenant.id):
        services.grant(supplier.tenant.slug, actor_id=None)
    db.session.commit()


def order_data(supplier, buyer, offer, quantity="5"):
    return {
        "supplier": supplier.tenant.slug,
        "offer_id": str(offer.id),
        "quantity": quantity,
        "centre_id": str(buyer.centre.id),
        "item_id": str(buyer.rice.id),
    }


def test_refused_without_grants_both_ways(pair):
    supplier, buyer, outsider, offer = pair
    set_tenant(buyer.tenant.id)
    assert services.offers_from_peers() == []
    with pytest.raises(services.NotGranted):
        services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    with tenant_context(supplier.tenant.id):
        services.grant(buyer.tenant.slug, actor_id=None)  # one way only
    with pytest.raises(services.NotGranted):
        services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    with tenant_context(outsider.tenant.id), pytest.raises(services.NotAPeer):
        services.grant(supplier.tenant.slug, actor_id=None)  # not in the network at all
    with tenant_context(supplier.tenant.id):
        assert stock.available(supplier.centre.id, supplier.rice.id) == 50


def test_order_ship_receive_moves_stock_and_both_ledgers(pair):
    supplier, buyer, outsider, offer = pair
    grant_both(supplier, buyer)
    set_tenant(buyer.tenant.id)
    assert [o.offer_id for o in services.offers_from_peers()] == [offer.id]
    purchase = services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    db.session.commit()
    with tenant_context(supplier.tenant.id):
        assert stock.available(supplier.centre.id, supplier.rice.id) == 45  # reserved
        sale = services.get_order(purchase.peer_order_id)
        services.ship(sale, actor_id=None)
        db.session.commit()
        assert balance("1340") == 5 * 14000  # receivable from the buyer
        assert ledger_queries.verify_balances() == []
    set_tenant(buyer.tenant.id)
    purchase = services.get_order(purchase.id)
    db.session.refresh(purchase)
    assert purchase.status == "shipped"
    services.receive(purchase, actor_id=None)
    db.session.commit()
    assert stock.available(buyer.centre.id, buyer.rice.id) == 5
    assert balance("2120") == 5 * 14000  # payable to the supplier
    assert ledger_queries.verify_balances() == []
    with tenant_context(supplier.tenant.id):
        sale = services.get_order(purchase.peer_order_id)
        db.session.refresh(sale)
        assert sale.status == "received"
        level = stock.level(supplier.centre.id, supplier.rice.id)
        assert (level.on_hand, level.reserved) == (45, 0)


def test_cancel_gives_back_stock_and_offer(pair):
    supplier, buyer, outsider, offer = pair
    grant_both(supplier, buyer)
    set_tenant(buyer.tenant.id)
    purchase = services.place_order(order_data(supplier, buyer, offer, "20"), actor_id=None)
    with pytest.raises(services.OfferExhausted):
        services.place_order(order_data(supplier, buyer, offer, "1"), actor_id=None)
    services.cancel(purchase, actor_id=None)
    db.session.commit()
    with tenant_context(supplier.tenant.id):
        assert stock.available(supplier.centre.id, supplier.rice.id) == 50
        db.session.refresh(offer)
        assert offer.remaining == 20


def test_another_councils_order_is_not_found(pair):
    supplier, buyer, outsider, offer = pair
    grant_both(supplier, buyer)
    set_tenant(buyer.tenant.id)
    purchase = services.place_order(order_data(supplier, buyer, offer), actor_id=None)
    db.session.commit()
    with tenant_context(outsider.tenant.id):
        with pytest.raises(DomainError):
            services.get_order(purchase.id)


@pytest.mark.postgres
def test_two_councils_racing_for_the_last_units(app, postgres_only, ctx, make_tenant):
    network = make_tenant(kind="network")
    supplier = make_shop(make_tenant(parent_id=network.id))
    buyers = [make_shop(make_tenant(parent_id=network.id)) for _ in range(4)]
    set_tenant(supplier.tenant.id)
    stock.receive(
        supplier.centre.id,
        supplier.rice.id,
        10,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    offer = services.offer(
        {
            "centre_id": supplier.centre.id,
            "item_id": supplier.rice.id,
            "quantity": "6",
            "price": "140",
        },
        actor_id=None,
    )
    db.session.commit()
    for b in buyers:
        grant_both(supplier, b)
    data = [order_data(supplier, b, offer, "3") for b in buyers]
    tenant_ids = [b.tenant.id for b in buyers]
    outcomes = race(app, tenant_ids, len(buyers), lambda i: services.place_order(data[i], actor_id=None))
    assert outcomes == Counter({"ok": 2, "OfferExhausted": 2})
    set_tenant(supplier.tenant.id)
    db.session.expire_all()
    level = stock.level(supplier.centre.id, supplier.rice.id)
    assert (level.on_hand, level.reserved) == (10, 6)


def test_pages(client, pair, make_member):
    supplier, buyer, outsider, offer = pair
    admin = make_member(buyer.tenant, "admin")
    set_tenant(buyer.tenant.id)
    client.login(admin)
    base = f"/t/{buyer.tenant.slug}/market"
    assert client.get(base + "/network").status_code == 200
    r = client.post(base + "/network/order", data=order_data(supplier, buyer, offer))
    assert r.status_code == 422  # not granted
    assert (
        client.post(base + "/network/grants", data={"tenant": supplier.tenant.slug}).status_code
        == 302
    )
    assert (
        client.post(base + "/network/grants", data={"tenant": outsider.tenant.slug}).status_code
        == 422
    )
    with tenant_context(supplier.tenant.id):
        services.grant(buyer.tenant.slug, actor_id=None)
        db.session.commit()
    assert (
        client.post(base + "/network/order", data=order_data(supplier, buyer, offer)).status_code
        == 302
    )
    set_tenant(buyer.tenant.id)
    order = services.orders()[0]
    assert client.get(f"{base}/network/orders/{order.id}").status_code == 200
