"""Paying an order with coupons through the JSON API, tried the way someone
would misuse it: a household paying another household's order, staff of
another organisation, and the same payment sent twice. Staff are let through
without the household check (the payment itself finds the order or 404s), so
that shortcut is what these tests guard."""

from __future__ import annotations

from core.db import db
from core.tenancy.context import tenant_context
from market.models.coupons import Coupon
from market.orders import services
from tests.factories.core import bearer
from tests.market.orders.conftest import place


def _state(shop, order_id: int, coupon_id: int) -> tuple[int, int]:
    """(the order's coupon_paid, the coupon's balance), read afresh."""
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        return services.get(order_id).coupon_paid, db.session.get(Coupon, coupon_id).balance_satang


def _order_of_other(shop):
    coupon = shop.coupon(household_id=shop.other.id)  # 50 baht
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 2}, household=shop.other)  # 10 baht
        db.session.commit()
        return order.id, coupon.id


def test_a_household_cannot_pay_another_households_order(shop, make_client):
    order_id, coupon_id = _order_of_other(shop)
    url = f"/api/v1/t/{shop.tenant.slug}/market/orders/{order_id}/coupons"
    household = make_client().login(shop.hh_user)
    response = household.post(url)
    assert response.status_code == 404
    assert _state(shop, order_id, coupon_id) == (0, 5000)  # nothing spent
    own = make_client().login(shop.other_user)
    response = own.post(url)
    assert response.status_code == 200 and response.get_json()["coupon_paid"] == 1000
    assert _state(shop, order_id, coupon_id) == (1000, 4000)


def test_staff_elsewhere_cannot_pay_and_staff_here_pay_once(shop, make_client, make_tenant, make_member):
    order_id, coupon_id = _order_of_other(shop)
    elsewhere = make_tenant(slug="khok-pay-elsewhere")
    stranger = make_member(elsewhere, "staff")
    api = make_client()
    token = bearer(stranger, elsewhere)
    # the order's id under the stranger's own organisation: no such order there
    assert api.post(f"/api/v1/t/{elsewhere.slug}/market/orders/{order_id}/coupons", headers=token).status_code == 404
    # this organisation's URL with the stranger's token: not a member here
    assert api.post(f"/api/v1/t/{shop.tenant.slug}/market/orders/{order_id}/coupons", headers=token).status_code == 403
    assert _state(shop, order_id, coupon_id) == (0, 5000)
    staff = bearer(shop.staff, shop.tenant)
    url = f"/api/v1/t/{shop.tenant.slug}/market/orders/{order_id}/coupons"
    first, again = api.post(url, headers=staff), api.post(url, headers=staff)  # the same payment sent twice
    assert first.status_code == 200 and first.get_json()["coupon_paid"] == 1000
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "order_nothing_due"
    assert _state(shop, order_id, coupon_id) == (1000, 4000)
