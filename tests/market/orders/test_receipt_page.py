"""Receipts only for money received: an unpaid order prints no receipt and
says what to collect; a paid one shows each numbered receipt with the
household, the payer and who received the money."""

from __future__ import annotations

from core.db import db
from core.registry.models import Household
from core.tenancy.context import tenant_context
from market.orders import services
from tests.market.orders.conftest import place

BASE = "/t/khok-orders/market/orders"


def test_an_unpaid_order_has_no_receipt_and_says_what_to_collect(shop, client):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 3, shop.soap.id: 2})  # 60 + 10 baht
        services.pack(order.id, actor_id=shop.staff.id)
        services.mark_ready(order.id, actor_id=shop.staff.id)
        db.session.commit()
        order_id = order.id
    for user in (shop.staff, shop.hh_user):
        client.login(user)
        r = client.get(f"{BASE}/{order_id}/receipt")
        assert r.status_code == 409
        assert 'data-test="unpaid"' in r.text and "70.00" in r.text
        assert 'data-test="number"' not in r.text and 'data-test="order-receipt"' not in r.text
    client.login(shop.staff)
    detail = client.get(f"{BASE}/{order_id}")
    assert 'data-test="collect-due"' in detail.text and 'data-test="receipt-link"' not in detail.text


def test_a_paid_order_shows_the_numbered_receipt_household_payer_and_staff(shop, client):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        services.record_cash(order.id, actor_id=shop.staff.id, token="receipt-page-0000001")
        db.session.commit()
        [receipt] = services.receipts_of(services.get(order.id))
        code = db.session.get(Household, shop.household.id).code
        order_id, number, payer = order.id, receipt.display_number, receipt.payer_name
    client.login(shop.hh_user)
    r = client.get(f"{BASE}/{order_id}/receipt")
    assert r.status_code == 200
    assert f'data-test="number">{number}<' in r.text
    assert f'data-test="household">{code}<' in r.text
    assert f'data-test="payer">{payer}<' in r.text
    assert f'data-test="staff">{shop.staff.display_name}<' in r.text


def test_an_order_paid_by_coupons_only_has_no_receipt_number(shop, client):
    shop.coupon(value_satang=4000)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        services.pay_with_coupons(order.id, actor_id=shop.staff.id)
        db.session.commit()
        order_id = order.id
    client.login(shop.staff)
    r = client.get(f"{BASE}/{order_id}/receipt")
    assert r.status_code == 200 and 'data-test="no-money"' in r.text and 'data-test="number"' not in r.text
