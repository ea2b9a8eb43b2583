"""JSON API of donations, exchange and trade between councils: same
permissions as the pages, clear 4xx errors."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.tenancy.context import set_tenant, tenant_context
from market.exchange.services import today
from market.models.catalog import Item
from market.stock import services as stock
from tests.factories.market import make_shop


def api(shop, path):
    return f"/api/v1/t/{shop.tenant.slug}/market{path}"


def test_donations_api(client, shop, make_member):
    staff = make_member(shop.tenant, "staff")
    set_tenant(shop.tenant.id)
    client.login(staff)
    r = client.post(
        api(shop, "/donations/cash"), json={"amount_satang": 50000, "idempotency_key": "k" * 20}
    )
    assert r.status_code == 201, r.get_json()
    again = client.post(
        api(shop, "/donations/cash"), json={"amount_satang": 50000, "idempotency_key": "k" * 20}
    )
    assert again.get_json()["id"] == r.get_json()["id"]
    r = client.post(
        api(shop, "/donations/in-kind"),
        json={
            "centre_id": shop.centre.id,
            "anonymous": True,
            "lines": [{"item_id": shop.rice.id, "quantity": 2, "unit_value_satang": 12000}],
        },
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["donor_name"] is None and r.get_json()["amount_satang"] == 24000
    assert r.get_json()["goods_receipt_number"].startswith("GOODS-")
    assert (
        client.post(
            api(shop, "/donations/cash"), json={"amount_satang": 0, "idempotency_key": "j" * 20}
        ).status_code
        == 422
    )
    assert client.get(api(shop, "/donations")).status_code == 200
    public = client.get(api(shop, "/donations/transparency")).get_json()
    assert public["cash_total_satang"] == 50000 and public["in_kind_total_satang"] == 24000


def test_exchange_api(client, shop, make_member, make_household):
    staff = make_member(shop.tenant, "staff")
    household = make_household(shop.tenant)
    set_tenant(shop.tenant.id)
    chair = Item(name_th="รถเข็น", unit="คัน", cost_satang=100, lendable=True)
    db.session.add(chair)
    db.session.flush()
    stock.receive(
        shop.centre.id, chair.id, 1, kind="purchase", ref=None, unit_cost_satang=100, actor_id=None
    )
    stock.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=100,
        actor_id=None,
    )
    db.session.commit()
    client.login(staff)
    r = client.post(
        api(shop, "/barters"),
        json={
            "centre_id": shop.centre.id,
            "partner": "วัด",
            "out": [{"item_id": shop.rice.id, "quantity": 2, "unit_value_satang": 15000}],
            "in": [{"item_id": shop.eggs.id, "quantity": 3, "unit_value_satang": 10000}],
        },
    )
    assert r.status_code == 201, r.get_json()
    r = client.post(
        api(shop, "/loans"),
        json={
            "centre_id": shop.centre.id,
            "item_id": chair.id,
            "household_id": household.id,
            "quantity": 1,
            "due_on": (today() + timedelta(days=10)).isoformat(),
        },
    )
    assert r.status_code == 201, r.get_json()
    loan_id = r.get_json()["id"]
    assert client.post(api(shop, f"/loans/{loan_id}/return")).get_json()["status"] == "returned"
    assert client.post(api(shop, f"/loans/{loan_id}/return")).status_code == 409


def test_network_api(client, ctx, make_tenant, make_member):
    network = make_tenant(kind="network")
    supplier = make_shop(make_tenant(parent_id=network.id))
    buyer = make_shop(make_tenant(parent_id=network.id))
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
    db.session.commit()
    s_admin = make_member(supplier.tenant, "admin")
    b_admin = make_member(buyer.tenant, "admin")
    set_tenant(supplier.tenant.id)
    client.login(s_admin)
    r = client.post(
        api(supplier, "/network/offers"),
        json={
            "centre_id": supplier.centre.id,
            "item_id": supplier.rice.id,
            "quantity": 5,
            "price_satang": 14000,
        },
    )
    assert r.status_code == 201, r.get_json()
    offer_id = r.get_json()["id"]
    assert (
        client.post(
            api(supplier, "/network/grants"), json={"tenant": buyer.tenant.slug}
        ).status_code
        == 200
    )
    set_tenant(buyer.tenant.id)
    client.login(b_admin)
    order = {
        "supplier": supplier.tenant.slug,
        "offer_id": offer_id,
        "quantity": 2,
        "centre_id": buyer.centre.id,
        "item_id": buyer.rice.id,
    }
    assert (
        client.post(api(buyer, "/network/orders"), json=order).status_code == 403
    )  # buyer has not granted
    assert (
        client.post(
            api(buyer, "/network/grants"), json={"tenant": supplier.tenant.slug}
        ).status_code
        == 200
    )
    assert len(client.get(api(buyer, "/network/peer-offers")).get_json()["items"]) == 1
    r = client.post(api(buyer, "/network/orders"), json=order)
    assert r.status_code == 201, r.get_json()
    purchase = r.get_json()
    set_tenant(supplier.tenant.id)
    client.login(s_admin)
    r = client.post(api(supplier, f"/network/orders/{purchase['peer_order_id']}/ship"))
    assert r.status_code == 200 and r.get_json()["status"] == "shipped"
    set_tenant(buyer.tenant.id)
    client.login(b_admin)
    r = client.post(api(buyer, f"/network/orders/{purchase['id']}/receive"))
    assert r.status_code == 200 and r.get_json()["status"] == "received"
    with tenant_context(buyer.tenant.id):
        assert stock.available(buyer.centre.id, buyer.rice.id) == 2
