"""Delivery as the field works: the volunteer takes the money (cash or the
household's coupons) at the door with a receipt, a failed visit is an
attempt that can be retried, and only staff cancel."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db
from core.payments.models import Payment
from core.tenancy.context import tenant_context
from market.delivery import door
from market.delivery import services as delivery
from market.models.orders import Delivery
from market.orders import policies
from market.orders import services as orders
from tests.market.delivery.test_services import PNG
from tests.market.orders.conftest import available, place


def _unpaid_ready_delivery(shop, items=None):
    """An order for delivery, packed and ready but not paid, assigned to the volunteer."""
    order = place(shop, items or {shop.soap.id: 2}, fulfilment="delivery")
    orders.pack(order.id, actor_id=shop.staff.id)
    orders.mark_ready(order.id, actor_id=shop.staff.id)
    d = db.session.scalar(sa.select(Delivery).where(Delivery.order_id == order.id))
    delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id)
    db.session.commit()
    return order, d


def test_cash_at_the_door_gives_a_numbered_receipt_then_the_delivery_is_proven(shop):
    with tenant_context(shop.tenant.id):
        order, d = _unpaid_ready_delivery(shop)
        with pytest.raises(policies.NotPaid):  # unpaid goods are not handed over
            delivery.prove(d.id, recipient_name="นางสมใจ", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)
        db.session.rollback()
        receipt = door.cash(d.id, token="door-token-0000000001", actor_id=shop.volunteer.id)
        again = door.cash(d.id, token="door-token-0000000001", actor_id=shop.volunteer.id)  # a double tap
        db.session.commit()
        assert again.id == receipt.id and receipt.amount == 1000 and receipt.display_number
        assert receipt.issued_by_user_id == shop.volunteer.id and receipt.payer_name
        assert orders.get(order.id).due == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
        with pytest.raises(orders.NothingDue):  # a second token on a paid order takes nothing
            door.cash(d.id, token="door-token-0000000002", actor_id=shop.volunteer.id)
        db.session.rollback()
        delivery.prove(d.id, recipient_name="นางสมใจ", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)
        db.session.commit()
        assert orders.get(order.id).status == "delivered"


def test_coupons_at_the_door(shop):
    coupon = shop.coupon(value_satang=400)
    with tenant_context(shop.tenant.id):
        order, d = _unpaid_ready_delivery(shop)
        used = door.coupons(d.id, actor_id=shop.volunteer.id)
        db.session.commit()
        assert [(x.coupon_id, x.amount) for x in used] == [(coupon.id, 400)]
        assert orders.get(order.id).due == 600
        receipt = door.cash(d.id, token="door-token-0000000003", actor_id=shop.volunteer.id)
        db.session.commit()
        assert receipt.amount == 600 and orders.get(order.id).due == 0


def test_only_the_assigned_volunteer_takes_money_at_the_door(shop, make_member):
    other = make_member(shop.tenant, "volunteer")
    with tenant_context(shop.tenant.id):
        order, d = _unpaid_ready_delivery(shop)
        with pytest.raises(delivery.DeliveryNotFound):
            door.cash(d.id, token="door-token-0000000004", actor_id=other.id)
        db.session.rollback()
        assert orders.get(order.id).due == 1000


def test_a_failed_attempt_can_be_retried_and_nothing_is_cancelled(shop):
    with tenant_context(shop.tenant.id):
        order, d = _unpaid_ready_delivery(shop)
        delivery.undelivered(d.id, reason="ไม่มีคนอยู่บ้าน", actor_id=shop.volunteer.id)
        delivery.undelivered(d.id, reason="บ้านปิด", actor_id=shop.volunteer.id)
        db.session.commit()
        assert [a.reason for a in delivery.attempts(d.id)] == ["ไม่มีคนอยู่บ้าน", "บ้านปิด"]
        assert (delivery.get(d.id).status, orders.get(order.id).status) == ("assigned", "ready")
        assert available(shop, shop.soap) == 18  # still set aside for the household
        door.cash(d.id, token="door-token-0000000005", actor_id=shop.volunteer.id)
        delivery.prove(d.id, recipient_name="นายมา", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)
        db.session.commit()
        assert orders.get(order.id).status == "delivered"


def test_the_volunteer_pages_collect_cash_print_the_receipt_and_cannot_cancel(shop, client):
    with tenant_context(shop.tenant.id):
        order, d = _unpaid_ready_delivery(shop)
        order_id, delivery_id = order.id, d.id
    client.login(shop.volunteer)
    page = client.get(f"/t/khok-orders/market/deliveries/{delivery_id}")
    assert page.status_code == 200 and 'data-test="collect-due"' in page.text
    assert client.get(f"/t/khok-orders/market/deliveries/{delivery_id}/receipt").status_code == 409
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    r = client.post(f"/t/khok-orders/market/deliveries/{delivery_id}/cash", data={"token": token})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/deliveries/{delivery_id}/receipt")
    receipt = client.get(f"/t/khok-orders/market/deliveries/{delivery_id}/receipt")
    assert receipt.status_code == 200 and 'data-test="number"' in receipt.text
    assert shop.volunteer.display_name in receipt.text
    r = client.post(f"/t/khok-orders/market/deliveries/{delivery_id}/undelivered", data={"reason": "ไม่อยู่"})
    assert r.status_code == 302
    assert client.post(f"/t/khok-orders/market/orders/{order_id}/cancel", data={"reason": "x"}).status_code in (
        403, 404)
    with tenant_context(shop.tenant.id):
        assert orders.get(order_id).status == "ready"
        assert delivery.get(delivery_id).status == "assigned"
