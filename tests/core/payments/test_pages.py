"""Payment pages: who may see and refund, and the fake gateway's signed page."""

from __future__ import annotations

import re

from core.db import db
from core.payments import gateway, services
from core.tenancy.context import tenant_context


def fake_url(tenant, payment_id, token=None):
    token = token or gateway.fake_token(tenant.id, payment_id)
    return f"/t/{tenant.slug}/payments/{payment_id}/fake?token={token}&next=/t/{tenant.slug}/"


def test_fake_page_pays_and_the_ledger_follows(client, shop, make_payment):
    payment = make_payment("99.00")
    page = client.get(fake_url(shop, payment.id))
    assert page.status_code == 200 and "฿99.00" in page.get_data(as_text=True)
    token = gateway.fake_token(shop.id, payment.id)
    response = client.post(f"/t/shop/payments/{payment.id}/fake", data={"token": token, "outcome": "pay", "next": "/t/shop/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/t/shop/")
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "succeeded"
    # paying again changes nothing
    client.post(f"/t/shop/payments/{payment.id}/fake", data={"token": token, "outcome": "pay"})
    with tenant_context(shop.id):
        assert services.get(payment.id).journal_entry_id is not None


def test_fake_page_needs_the_signed_token(client, shop, make_payment, make_tenant):
    payment = make_payment()
    assert client.get(f"/t/shop/payments/{payment.id}/fake?token=guess").status_code == 404
    other = make_tenant(slug="other")
    # a token for this payment does not open it through another tenant's URL
    assert client.get(fake_url(other, payment.id, gateway.fake_token(shop.id, payment.id))).status_code == 404
    response = client.post(f"/t/shop/payments/{payment.id}/fake", data={"token": "guess", "outcome": "pay"})
    assert response.status_code == 404
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "created"


def test_fake_page_refuses_an_open_redirect(client, shop, make_payment):
    payment = make_payment()
    token = gateway.fake_token(shop.id, payment.id)
    response = client.post(f"/t/shop/payments/{payment.id}/fake",
                           data={"token": token, "outcome": "fail", "next": "https://evil.example/"})
    assert "evil" not in response.headers["Location"]


def test_staff_see_payments_households_do_not(client, shop, make_payment, make_member):
    payment = make_payment()
    client.login(make_member(shop, "household"))
    assert client.get("/t/shop/payments/").status_code == 403
    client.login(make_member(shop, "staff"))
    assert client.get("/t/shop/payments/").status_code == 200
    assert client.get(f"/t/shop/payments/{payment.id}").status_code == 200


def test_refund_from_the_page_needs_the_right_role_and_a_valid_amount(client, shop, make_payment, make_member):
    payment = make_payment("100.00")
    with tenant_context(shop.id):
        services.transition(payment.id, "succeeded", source="test")
        db.session.commit()
    client.login(make_member(shop, "staff"))
    assert client.post(f"/t/shop/payments/{payment.id}/refund", data={"amount": "10.00"}).status_code == 403
    client.login(make_member(shop, "fund_manager"))
    page = client.post(f"/t/shop/payments/{payment.id}/refund", data={"amount": "100.01"}, follow_redirects=True)
    assert re.search("100.00", page.get_data(as_text=True))
    client.post(f"/t/shop/payments/{payment.id}/refund", data={"amount": "abc"})
    client.post(f"/t/shop/payments/{payment.id}/refund", data={"amount": "25.00", "reason": "ของเสีย"})
    with tenant_context(shop.id):
        payment = services.get(payment.id)
        assert (payment.status, payment.refunded) == ("partly_refunded", 2500)
