"""Deliveries by village volunteers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.documents.models import Document
from core.tenancy.context import tenant_context
from market.delivery import services as delivery
from market.models.orders import Delivery
from market.orders import services as orders
from tests.market.orders.conftest import available, place


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def _ready_delivery(shop, household=None):
    order = place(shop, {shop.soap.id: 2}, household=household, fulfilment="delivery")
    orders.record_cash(order.id, actor_id=shop.staff.id, token=f"delivery-token-{order.id:08d}")
    orders.pack(order.id, actor_id=shop.staff.id)
    orders.mark_ready(order.id, actor_id=shop.staff.id)
    db.session.commit()
    return order, db.session.scalar(sa.select(Delivery).where(Delivery.order_id == order.id))


def test_grouped_by_village_assigned_and_proven(shop):
    with tenant_context(shop.tenant.id):
        order, d = _ready_delivery(shop)
        _ready_delivery(shop, household=shop.other)
        groups = delivery.by_village()
        assert sum(len(v) for v in groups.values()) == 2 and len(groups) == 2
        assert d.village_id == shop.household.village_id
        with pytest.raises(delivery.NotAVolunteer):
            delivery.assign([d.id], shop.staff.id, actor_id=shop.staff.id)
        assert delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id) == 1
        db.session.commit()
        assert [x.id for x in delivery.mine(shop.volunteer.id)] == [d.id]
        with pytest.raises(delivery.RecipientRequired):
            delivery.prove(d.id, recipient_name=" ", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)
        with pytest.raises(delivery.PhotoRequired):
            delivery.prove(d.id, recipient_name="นางสมใจ", photo=None, filename=None, actor_id=shop.volunteer.id)
        delivery.prove(d.id, recipient_name="นางสมใจ", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)
        db.session.commit()
        d = delivery.get(d.id)
        assert d.status == "delivered" and d.recipient_name == "นางสมใจ"
        assert db.session.get(Document, d.proof_document_id).target_type == "market_delivery"
        assert orders.get(order.id).status == "delivered"
        with pytest.raises(delivery.DeliveryClosed):
            delivery.undelivered(d.id, reason="x", actor_id=shop.volunteer.id)
        db.session.rollback()


def test_a_volunteer_sees_only_their_deliveries(shop, make_member):
    other_volunteer = make_member(shop.tenant, "volunteer")
    with tenant_context(shop.tenant.id):
        _, d = _ready_delivery(shop)
        delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id)
        db.session.commit()
        assert delivery.mine(other_volunteer.id) == []
        with pytest.raises(delivery.DeliveryNotFound):
            delivery.for_volunteer(d.id, other_volunteer.id, manager=False)
        with pytest.raises(delivery.DeliveryNotFound):
            delivery.prove(d.id, recipient_name="x", photo=PNG, filename="p.png", actor_id=other_volunteer.id)
        assert delivery.for_volunteer(d.id, shop.staff.id, manager=True).id == d.id


def test_a_failed_visit_is_an_attempt_and_the_goods_stay_set_aside(shop):
    with tenant_context(shop.tenant.id):
        order, d = _ready_delivery(shop)
        assert available(shop, shop.soap) == 18
        delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id)
        with pytest.raises(delivery.ReasonRequired):
            delivery.undelivered(d.id, reason="", actor_id=shop.volunteer.id)
        delivery.undelivered(d.id, reason="ไม่มีคนอยู่บ้าน", actor_id=shop.volunteer.id)
        db.session.commit()
        assert delivery.get(d.id).status == "assigned"
        assert orders.get(order.id).status == "ready"
        assert available(shop, shop.soap) == 18
        assert [(a.reason, a.volunteer_user_id) for a in delivery.attempts(d.id)] == [
            ("ไม่มีคนอยู่บ้าน", shop.volunteer.id)]


def test_not_ready_order_cannot_be_proven(shop):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 1}, fulfilment="delivery")
        d = db.session.scalar(sa.select(Delivery).where(Delivery.order_id == order.id))
        delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id)
        db.session.commit()
        with pytest.raises(delivery.OrderNotReady):
            delivery.prove(d.id, recipient_name="x", photo=PNG, filename="p.png", actor_id=shop.volunteer.id)


def test_api_proof_of_delivery(shop, client, make_member):
    import io

    other_volunteer = make_member(shop.tenant, "volunteer")
    with tenant_context(shop.tenant.id):
        order, d = _ready_delivery(shop)
        delivery.assign([d.id], shop.volunteer.id, actor_id=shop.staff.id)
        db.session.commit()
        order_id, delivery_id = order.id, d.id
    url = f"/api/v1/t/khok-orders/market/deliveries/{delivery_id}/proof"
    client.login(other_volunteer)
    r = client.post(url, data={"recipient_name": "x", "photo": (io.BytesIO(PNG), "p.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert r.status_code == 404
    client.login(shop.volunteer)
    r = client.post(url, data={"recipient_name": "นางสมใจ"}, content_type="multipart/form-data",
                    headers={"Accept": "application/json"})
    assert r.status_code == 422
    r = client.post(url, data={"recipient_name": "นางสมใจ", "photo": (io.BytesIO(PNG), "p.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "delivered" and r.get_json()["recipient_name"] == "นางสมใจ"
    with tenant_context(shop.tenant.id):
        assert orders.get(order_id).status == "delivered"
        assert available(shop, shop.soap) == 18
