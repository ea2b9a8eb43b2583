"""Paying an order online: only the methods the organisation set up are
offered, and a forged choice of another is refused with nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.payments import gateway
from core.payments.models import Payment
from core.tenancy.context import tenant_context
from market.orders import services
from tests.core.payments.methods import with_own_promptpay, with_stripe
from tests.market.orders.conftest import place


@pytest.fixture
def production(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)


def _order(shop):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        db.session.commit()
        return order


def _payments(shop) -> int:
    with tenant_context(shop.tenant.id):
        n = db.session.scalar(sa.select(sa.func.count()).select_from(Payment))
        db.session.rollback()
        return n


def _detail(client, shop, order) -> str:
    return client.get(f"/t/{shop.tenant.slug}/market/orders/{order.id}").get_data(as_text=True)


@pytest.mark.parametrize("fake", [False, True])
def test_nothing_set_up_nothing_offered_and_a_forged_choice_writes_nothing(client, shop, app, monkeypatch, fake):
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", fake)  # the fake gateway pays no orders either
    order = _order(shop)
    client.login(shop.hh_user)
    html = _detail(client, shop, order)
    assert 'data-test="pay-promptpay"' not in html and 'data-test="pay-card"' not in html
    for method in ("card", "promptpay"):
        response = client.post(f"/t/{shop.tenant.slug}/market/orders/{order.id}/pay", data={"method": method})
        assert response.status_code == 302
        assert "ไม่ได้รับชำระเงินด้วยวิธีนี้" in _detail(client, shop, order)  # the flashed refusal
    assert _payments(shop) == 0
    with tenant_context(shop.tenant.id):
        with pytest.raises(gateway.MethodNotOffered) as refused:
            place(shop, {shop.soap.id: 1}, rest_method="card")
        assert refused.value.field == "rest_method"
        db.session.rollback()


def test_own_promptpay_offers_promptpay_but_not_card(client, shop, production):
    order = _order(shop)
    with_own_promptpay(shop.tenant.id)
    client.login(shop.hh_user)
    html = _detail(client, shop, order)
    assert 'data-test="pay-promptpay"' in html and 'data-test="pay-card"' not in html
    with tenant_context(shop.tenant.id):
        with pytest.raises(gateway.MethodNotOffered):
            services.start_payment(order.id, "card", actor_id=shop.hh_user.id)
        db.session.rollback()
    assert _payments(shop) == 0
    response = client.post(f"/t/{shop.tenant.slug}/market/orders/{order.id}/pay", data={"method": "promptpay"})
    assert response.headers["Location"].endswith("/promptpay-qr")
    assert _payments(shop) == 1


def test_stripe_offers_both(client, shop, production):
    order = _order(shop)
    with_stripe(shop.tenant.id)
    client.login(shop.hh_user)
    html = _detail(client, shop, order)
    assert 'data-test="pay-promptpay"' in html and 'data-test="pay-card"' in html
