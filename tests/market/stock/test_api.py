"""The stock JSON API: same permissions as the pages, clear 4xx errors."""

from __future__ import annotations

import pytest

from core.tenancy.context import set_tenant
from market.stock import services


def api(shop, path: str) -> str:
    return f"/api/v1/t/{shop.tenant.slug}/market{path}"


def test_receive_reserve_levels_and_movements(client, shop, staff):
    client.login(staff)
    r = client.post(
        api(shop, "/stock/receipts"),
        json={
            "centre_id": shop.centre.id,
            "item_id": shop.rice.id,
            "quantity": 8,
            "kind": "purchase",
            "unit_cost_satang": 15000,
            "party": "ร้านค้าส่ง",
        },
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["quantity"] == 8
    r = client.get(api(shop, f"/stock?centre_id={shop.centre.id}"))
    rows = {row["item_id"]: row for row in r.get_json()["items"]}
    assert rows[shop.rice.id]["available"] == 8 and rows[shop.rice.id]["value_satang"] == 8 * 15000
    r = client.post(
        api(shop, "/stock/issues"),
        json={"centre_id": shop.centre.id, "item_id": shop.rice.id, "quantity": 9},
    )
    assert r.status_code == 409
    assert r.get_json()["error"]["code"] == "market_not_enough_stock"
    assert client.get(api(shop, "/stock/movements")).get_json()["items"][0]["kind"] == "purchase"


def test_items_and_kits(client, shop, staff):
    client.login(staff)
    r = client.post(
        api(shop, "/items"),
        json={
            "name_th": "ถุงยังชีพ",
            "unit": "ถุง",
            "price_satang": 30000,
            "cost_satang": 0,
            "is_kit": True,
        },
    )
    assert r.status_code == 201, r.get_json()
    kit_id = r.get_json()["id"]
    r = client.post(
        api(shop, f"/items/{kit_id}/components"), json={"component_id": shop.rice.id, "quantity": 1}
    )
    assert r.get_json()["components"] == [{"component_id": shop.rice.id, "quantity": 1}]
    set_tenant(shop.tenant.id)
    services.receive(
        shop.centre.id,
        shop.rice.id,
        2,
        kind="purchase",
        ref=None,
        unit_cost_satang=1,
        actor_id=None,
    )
    from core.db import db

    db.session.commit()
    r = client.post(
        api(shop, "/stock/assemblies"),
        json={"centre_id": shop.centre.id, "item_id": kit_id, "quantity": 2},
    )
    assert r.status_code == 201, r.get_json()
    set_tenant(shop.tenant.id)
    assert services.available(shop.centre.id, kit_id) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"quantity": 0},
        {"quantity": -1},
        {"quantity": "1"},
        {"quantity": 1.5},
        {"quantity": None},
        {},
        {"quantity": 1, "item_id": "x"},
        {"quantity": 1, "kind": "gift"},
    ],
)
def test_bad_bodies_are_422(client, shop, staff, body):
    client.login(staff)
    full = {"centre_id": shop.centre.id, "item_id": shop.rice.id, **body}
    r = client.post(api(shop, "/stock/receipts"), json=full)
    assert r.status_code == 422


def test_other_tenant_ids_are_404(client, shop, staff, make_tenant):
    from tests.factories.market import make_shop

    theirs = make_shop(make_tenant())
    set_tenant(shop.tenant.id)
    client.login(staff)
    assert client.get(api(shop, f"/items/{theirs.rice.id}")).status_code == 404
    r = client.post(
        api(shop, "/stock/receipts"),
        json={"centre_id": shop.centre.id, "item_id": theirs.rice.id, "quantity": 1, "party": "x"},
    )
    assert r.status_code == 404


def test_household_is_refused(client, shop, make_member):
    user = make_member(shop.tenant, "household")
    set_tenant(shop.tenant.id)
    client.login(user)
    assert client.get(api(shop, f"/stock?centre_id={shop.centre.id}")).status_code == 403
    assert client.post(api(shop, "/stock/receipts"), json={}).status_code == 403
