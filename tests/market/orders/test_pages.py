"""Order, delivery and report pages and the JSON API, through the test client."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from market.models.orders import Delivery, Order
from market.orders import services
from tests.market.orders.conftest import available, place

BASE = "/t/khok-orders/market"


def test_household_orders_and_sees_only_its_own(shop, client, make_client):
    client.login(shop.hh_user)
    page = client.get(f"{BASE}/orders/new?round={shop.round.id}")
    assert page.status_code == 200 and "ข้าวสาร" in page.get_data(as_text=True)
    r = client.post(f"{BASE}/orders/new", data={"round": shop.round.id, f"qty_{shop.rice.id}": "2",
                                                 "fulfilment": "pickup", "rest_method": "cash"})
    assert r.status_code == 302, r.get_data(as_text=True)
    with tenant_context(shop.tenant.id):
        order = db.session.scalar(sa.select(Order))
        assert order.household_id == shop.household.id and order.total == 4000 and not order.on_behalf
    assert client.get(f"{BASE}/orders/{order.id}").status_code == 200
    assert f"คำสั่งซื้อ เลขที่ {order.id}" in client.get(f"{BASE}/orders/mine").get_data(as_text=True)
    other = make_client().login(shop.other_user)
    assert other.get(f"{BASE}/orders/{order.id}").status_code == 404
    assert other.get(f"{BASE}/orders/{order.id}/receipt").status_code == 404
    assert other.post(f"{BASE}/orders/{order.id}/cancel", data={"reason": "x"}).status_code == 404
    assert other.get(f"/api/v1/t/khok-orders/market/orders/{order.id}").status_code == 404
    assert other.get(f"{BASE}/orders/").status_code == 403
    assert client.post(f"{BASE}/orders/{order.id}/move", data={"target": "packed"}).status_code == 403


def test_bad_quantity_on_the_page_is_a_clear_422(shop, client):
    client.login(shop.hh_user)
    for qty in ("-1", "abc", "1.5", "99999999999999999999"):
        r = client.post(f"{BASE}/orders/new", data={"round": shop.round.id, f"qty_{shop.rice.id}": qty})
        assert r.status_code == 422, qty
        assert 'data-test="error"' in r.get_data(as_text=True)
    r = client.post(f"{BASE}/orders/new", data={"round": shop.round.id, f"qty_{shop.rice.id}": "4"})
    assert r.status_code == 422 and "3" in r.get_data(as_text=True)  # over the limit of 3
    with tenant_context(shop.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
        assert available(shop, shop.rice) == 100


def test_staff_journey_on_behalf_coupon_cash_pack_collect(shop, client):
    shop.coupon()
    client.login(shop.staff)
    r = client.post(f"{BASE}/orders/new", data={"round": shop.round.id, "household": shop.household.code,
                                                 f"qty_{shop.oil.id}": "2"})
    assert r.status_code == 302
    with tenant_context(shop.tenant.id):
        order = db.session.scalar(sa.select(Order))
        assert order.on_behalf
    assert client.post(f"{BASE}/orders/{order.id}/coupons").status_code == 302
    assert client.post(f"{BASE}/orders/{order.id}/cash", data={"token": "page-cash-token-000001"}).status_code == 302
    page = client.get(f"{BASE}/orders/packing?round={shop.round.id}")
    assert page.status_code == 200 and f"#{order.id}" in page.get_data(as_text=True)
    for target in ("packed", "ready"):
        assert client.post(f"{BASE}/orders/{order.id}/move", data={"target": target}).status_code == 302
    assert client.post(f"{BASE}/orders/{order.id}/collect", data={"collected_by_name": ""}).status_code == 302
    with tenant_context(shop.tenant.id):
        order = services.get(order.id)
        assert (order.status, order.coupon_paid, order.cash_paid) == ("collected", 5000, 3000)
    receipt = client.get(f"{BASE}/orders/{order.id}/receipt").get_data(as_text=True)
    assert "/000001" in receipt and "สามสิบบาทถ้วน" not in receipt or "บาท" in receipt
    # an invalid move is refused with its reason, and nothing changes
    r = client.post(f"{BASE}/orders/{order.id}/move", data={"target": "packed"}, follow_redirects=True)
    assert r.status_code == 200
    with tenant_context(shop.tenant.id):
        assert services.get(order.id).status == "collected"


def test_volunteer_sees_only_their_deliveries(shop, client, make_client, make_member):
    other_volunteer = make_member(shop.tenant, "volunteer")
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 1}, fulfilment="delivery")
        db.session.commit()
        delivery_id = db.session.scalar(sa.select(Delivery.id).where(Delivery.order_id == order.id))
    client.login(shop.staff)
    page = client.get(f"{BASE}/deliveries/")
    assert page.status_code == 200 and f"#{order.id}" in page.get_data(as_text=True)
    r = client.post(f"{BASE}/deliveries/assign", data={"delivery_id": str(delivery_id),
                                                       "volunteer_user_id": str(shop.volunteer.id)})
    assert r.status_code == 302
    mine = make_client().login(shop.volunteer)
    assert f"#{order.id}" in mine.get(f"{BASE}/deliveries/mine").get_data(as_text=True)
    assert mine.get(f"{BASE}/deliveries/{delivery_id}").status_code == 200
    assert mine.get(f"{BASE}/deliveries/").status_code == 403
    intruder = make_client().login(other_volunteer)
    assert f"#{order.id}" not in intruder.get(f"{BASE}/deliveries/mine").get_data(as_text=True)
    assert intruder.get(f"{BASE}/deliveries/{delivery_id}").status_code == 404
    assert intruder.post(f"{BASE}/deliveries/{delivery_id}/undelivered", data={"reason": "x"}).status_code == 404
    assert intruder.get("/api/v1/t/khok-orders/market/deliveries/mine").get_json() == []
    r = mine.post(f"{BASE}/deliveries/{delivery_id}/undelivered", data={"reason": "ไม่อยู่บ้าน"})
    assert r.status_code == 302
    with tenant_context(shop.tenant.id):
        assert available(shop, shop.soap) == 19  # a failed visit keeps the goods set aside for a retry


def test_api_orders_with_limits_and_transitions(shop, client):
    api = "/api/v1/t/khok-orders/market"
    client.login(shop.hh_user)
    r = client.post(f"{api}/orders", json={"round_id": shop.round.id,
                                           "lines": [{"item_id": shop.rice.id, "quantity": 2}]})
    assert r.status_code == 201, r.get_json()
    order = r.get_json()
    assert order["total"] == 4000 and order["household_id"] == shop.household.id
    r = client.post(f"{api}/orders", json={"round_id": shop.round.id,
                                           "lines": [{"item_id": shop.rice.id, "quantity": 2}]})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "order_over_limit"
    for bad in ({"round_id": shop.round.id, "lines": [{"item_id": shop.rice.id, "quantity": 0}]},
                {"round_id": shop.round.id, "lines": [{"item_id": shop.rice.id, "quantity": "1"}]},
                {"round_id": shop.round.id, "lines": []}, {"round_id": "x"}, {}):
        r = client.post(f"{api}/orders", json=bad)
        assert r.status_code == 422, (bad, r.status_code)
    r = client.post(f"{api}/orders", json={"round_id": shop.round.id, "household_id": shop.other.id,
                                           "lines": [{"item_id": shop.soap.id, "quantity": 1}]})
    assert r.status_code == 403
    assert client.post(f"{api}/orders/{order['id']}/transitions", json={"target": "packed"}).status_code == 403
    client.login(shop.staff)
    assert client.get(f"{api}/orders").status_code == 200
    r = client.post(f"{api}/orders/{order['id']}/transitions", json={"target": "ready"})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "order_invalid_transition"
    r = client.post(f"{api}/orders/{order['id']}/cancel", json={"reason": "test"})
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"
    with tenant_context(shop.tenant.id):
        assert available(shop, shop.rice) == 100


def test_reports_pages_and_csv(shop, client):
    shop.coupon()
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 2, shop.oil.id: 1})
        services.pay_with_coupons(order.id, actor_id=None)
        services.record_cash(order.id, actor_id=None, token="report-token-0000001")
        for step in ("packed", "ready"):
            services.move(order.id, step, actor_id=None)
        services.collect(order.id, actor_id=None)
        db.session.commit()
    client.login(shop.staff)
    page = client.get(f"{BASE}/reports/").get_data(as_text=True)
    assert "<svg" in page and 'data-test="reach-total"' in page
    assert "1 villages, 1 households, 2 people" in page or "1 หมู่บ้าน" in page or "2" in page
    csv = client.get(f"{BASE}/reports/beneficiaries.csv").get_data(as_text=True)
    assert "round,รอบทดสอบ,1,1,2" in csv and "programme,Food support,1,1,2" in csv
    sales = client.get(f"{BASE}/reports/sales.csv").get_data(as_text=True)
    assert "item,ข้าวสาร,kg,2,40.00" in sales and "item,น้ำมันพืช,bottle,1,40.00" in sales
    api = client.get("/api/v1/t/khok-orders/market/reports/beneficiaries").get_json()
    assert api["total"] == {"label": "", "villages": 1, "households": 1, "people": 2}
