"""Catalogue and stock pages: staff manage, others read or are refused."""

from __future__ import annotations

import pytest

from core.db import db
from core.tenancy.context import set_tenant
from market.models.catalog import Item
from market.stock import services


def url(shop, path: str) -> str:
    return f"/t/{shop.tenant.slug}/market{path}"


def test_staff_pages_render(client, shop, staff):
    client.login(staff)
    for path in (
        "/",
        "/centres",
        f"/centres/{shop.centre.id}",
        "/centres/new",
        "/items",
        "/items/new",
        f"/items/{shop.rice.id}",
        f"/items/{shop.rice.id}/edit",
        "/categories",
        "/stock",
        "/stock/receive",
        "/stock/issue",
        "/stock/adjust",
        "/stock/transfer",
        "/stock/assemble",
        "/stock/movements",
        "/stock/counts",
    ):
        response = client.get(url(shop, path))
        assert response.status_code == 200, path


def test_add_item_then_receive_through_the_pages(client, shop, staff):
    client.login(staff)
    response = client.post(
        url(shop, "/items/new"),
        data={
            "name_th": "น้ำปลา",
            "name_en": "Fish sauce",
            "unit": "ขวด",
            "price": "15",
            "cost": "18.50",
            "limit_per_household": "2",
            "low_stock_threshold": "3",
            "active": "y",
        },
    )
    assert response.status_code == 302
    set_tenant(shop.tenant.id)
    item = db.session.query(Item).filter_by(name_th="น้ำปลา").one()
    assert (item.cost_satang, item.limit_per_household) == (1850, 2)
    response = client.post(
        url(shop, "/stock/receive"),
        data={
            "kind": "purchase",
            "centre_id": shop.centre.id,
            "item_id": item.id,
            "quantity": "12",
            "unit_cost": "18.50",
            "party": "ร้านค้าส่ง",
        },
    )
    assert response.status_code == 302
    set_tenant(shop.tenant.id)
    assert services.available(shop.centre.id, item.id) == 12
    page = client.get(url(shop, f"/stock?centre={shop.centre.id}")).get_data(as_text=True)
    assert "น้ำปลา" in page


@pytest.mark.parametrize("quantity", ["0", "-3", "abc", "", "99999999999"])
def test_bad_quantity_is_a_clear_422(client, shop, staff, quantity):
    client.login(staff)
    response = client.post(
        url(shop, "/stock/receive"),
        data={
            "kind": "purchase",
            "centre_id": shop.centre.id,
            "item_id": shop.rice.id,
            "quantity": quantity,
            "party": "x",
        },
    )
    assert response.status_code == 422
    set_tenant(shop.tenant.id)
    assert services.available(shop.centre.id, shop.rice.id) == 0


def test_issuing_more_than_available_says_how_many(client, shop, staff):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        2,
        kind="purchase",
        ref=None,
        unit_cost_satang=1,
        actor_id=None,
    )
    db.session.commit()
    client.login(staff)
    response = client.post(
        url(shop, "/stock/issue"),
        data={
            "kind": "distribution",
            "centre_id": shop.centre.id,
            "item_id": shop.rice.id,
            "quantity": "5",
        },
    )
    assert response.status_code == 422
    assert "2" in response.get_data(as_text=True)


def test_household_cannot_see_or_change_stock(client, shop, make_member):
    user = make_member(shop.tenant, "household")
    set_tenant(shop.tenant.id)
    client.login(user)
    assert client.get(url(shop, "/stock")).status_code == 403
    assert client.post(url(shop, "/stock/receive"), data={"quantity": "1"}).status_code == 403
    assert client.post(url(shop, "/items/new"), data={"name_th": "x"}).status_code == 403


def test_count_pages_walk_through(client, shop, make_member):
    admin = make_member(shop.tenant, "admin")
    services.receive(
        shop.centre.id,
        shop.rice.id,
        3,
        kind="purchase",
        ref=None,
        unit_cost_satang=1,
        actor_id=None,
    )
    db.session.commit()
    client.login(admin)
    response = client.post(url(shop, "/stock/counts"), data={"centre_id": shop.centre.id})
    assert response.status_code == 302
    count_url = response.headers["Location"]
    set_tenant(shop.tenant.id)
    from market.models.stock import StockCountLine

    lines = db.session.query(StockCountLine).all()
    data = {
        f"line-{line.id}": "1" if line.item_id == shop.rice.id else str(line.expected)
        for line in lines
    }
    assert client.post(count_url, data={**data, "step": "confirm"}).status_code == 302
    assert client.post(count_url, data={"step": "finalise"}).status_code == 302
    set_tenant(shop.tenant.id)
    assert services.available(shop.centre.id, shop.rice.id) == 1
