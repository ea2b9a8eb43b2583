"""No fake money at the payment pages: with the fake gateway switched off
(production's default) and no keys, the pay page offers nothing that cannot
work, a forged "pay" is refused and nothing is counted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.models import JournalEntry
from core.payments import gateway, services
from core.tenancy.context import tenant_context


def _status_and_entries(shop, payment_id):
    with tenant_context(shop.id):
        found = (services.get(payment_id).status,
                 db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)))
        db.session.rollback()
        return found


def test_a_fake_payment_cannot_be_paid_once_the_switch_is_off(client, shop, make_payment, make_member, app,
                                                              monkeypatch):
    fake = make_payment("500000.00")  # made in a demo, with the switch on
    card = make_payment("500000.00", method="card")
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)
    client.login(make_member(shop, "staff"))
    for payment in (fake, card):
        page = client.get(f"/t/shop/payments/{payment.id}/pay").get_data(as_text=True)
        assert 'data-test="no-online-payment"' in page and 'name="method"' not in page
        for method in ("fake", "card", "promptpay"):
            response = client.post(f"/t/shop/payments/{payment.id}/pay", data={"method": method})
            assert response.status_code == 302
        assert _status_and_entries(shop, payment.id) == ("created", 0)
    token = gateway.fake_token(shop.id, fake.id)
    response = client.post(f"/t/shop/payments/{fake.id}/fake", data={"token": token, "outcome": "pay"})
    assert response.status_code == 404
    assert _status_and_entries(shop, fake.id) == ("created", 0)


def test_without_the_switch_no_gateway_stands_in(shop, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)
    with tenant_context(shop.id):
        assert gateway.offered(shop) == ()
        with pytest.raises(gateway.MethodNotOffered):
            gateway.for_tenant(shop, method="promptpay")
        with pytest.raises(gateway.MethodNotOffered):
            gateway.require_offered("fake")


def test_the_switch_is_off_unless_the_environment_says_1(monkeypatch):
    from core.config import Config

    for value in (None, "", "0", "true", "yes"):
        if value is None:
            monkeypatch.delenv("PAYMENTS_FAKE_GATEWAY", raising=False)
        else:
            monkeypatch.setenv("PAYMENTS_FAKE_GATEWAY", value)
        assert Config(SECRET_KEY="x").PAYMENTS_FAKE_GATEWAY is False, value
    monkeypatch.setenv("PAYMENTS_FAKE_GATEWAY", "1")
    assert Config(SECRET_KEY="x").PAYMENTS_FAKE_GATEWAY is True
