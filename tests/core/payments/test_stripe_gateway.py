"""The Stripe gateway against a stub HTTP client (Stripe's own seam) that
answers with JSON shaped like Stripe's and records every request; the payer's
pages, the settings page and the payments API."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
import stripe

from core.audit.models import AuditEvent
from core.db import db
from core.payments import gateway, services
from core.payments.stripe import gateway as stripe_gateway
from core.payments.stripe import settings as stripe_settings
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

FIXTURES = Path(__file__).parent / "fixtures"
SECRET_KEY = "sk_test_51StubSecretKeyAbcdefWXYZ"
WEBHOOK_SECRET = "whsec_stubTenantSecret0001"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


class StubStripe(stripe.HTTPClient):
    """Answers Stripe API calls from JSON fixtures; keeps what was sent."""

    name = "stub"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self.fail_with: dict | None = None

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        body = dict(parse_qsl(post_data or parts.query or ""))
        self.requests.append({"method": method.upper(), "path": parts.path, "headers": dict(headers or {}),
                              "body": body})
        if self.fail_with is not None:
            return json.dumps(self.fail_with), 400, {"request-id": "req_stub"}
        path = parts.path
        if path.startswith("/v1/payment_intents"):
            answer = fixture("payment_intent_promptpay")
            if method.upper() == "POST":
                answer["amount"] = int(body["amount"])
                answer["metadata"] = {k[9:-1]: v for k, v in body.items() if k.startswith("metadata[")}
        elif path.startswith("/v1/checkout/sessions"):
            answer = fixture("checkout_session")
        elif path.startswith("/v1/refunds"):
            answer = fixture("refund")
            answer["amount"] = int(body.get("amount", answer["amount"]))
        else:
            return json.dumps({"error": {"type": "invalid_request_error", "message": "unknown"}}), 404, {}
        return json.dumps(answer), 200, {"request-id": "req_stub"}

    def close(self):
        pass


@pytest.fixture
def stub(app):
    stub = StubStripe()
    previous = stripe_gateway.GATEWAY.http_client
    stripe_gateway.GATEWAY.http_client = stub
    yield stub
    stripe_gateway.GATEWAY.http_client = previous


def configure(tenant, **extra):
    with tenant_context(tenant.id):
        row = db.session.get(Tenant, tenant.id)
        row.settings = {**(row.settings or {}), "stripe": {"secret_key": SECRET_KEY,
                                                           "webhook_secret": WEBHOOK_SECRET, **extra}}
        db.session.commit()
        return row


@pytest.fixture
def stripe_shop(shop):
    return configure(shop)


def _start(payment, tenant, method=None):
    with tenant_context(tenant.id):
        checkout = stripe_gateway.start(payment.id, method=method, tenant=db.session.get(Tenant, tenant.id),
                                        return_url="https://pansuk.test/t/shop/done", email="somchai@example.org")
        db.session.commit()
        return checkout


def test_promptpay_creates_a_confirmed_intent_in_satang_with_a_deterministic_key(stub, stripe_shop, make_payment):
    payment = make_payment("250.50", method="promptpay")
    checkout = _start(payment, stripe_shop)
    sent = stub.requests[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/payment_intents")
    body = sent["body"]
    assert body["amount"] == "25050" and body["currency"] == "thb"
    assert body["payment_method_types[0]"] == "promptpay" and "payment_method_types[1]" not in body
    assert body["confirm"] == "true" and body["payment_method_data[type]"] == "promptpay"
    assert body["payment_method_data[billing_details][email]"] == "somchai@example.org"
    assert body["metadata[tenant_id]"] == str(stripe_shop.id) and body["metadata[payment_id]"] == str(payment.id)
    key = f"pansuk:{stripe_shop.id}:payment:{payment.id}:intent"
    assert sent["headers"]["Idempotency-Key"] == key
    assert sent["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"
    assert "Stripe-Account" not in sent["headers"]
    assert checkout.qr_image_url == "https://qr.stripe.com/stub.svg" and checkout.qr_payload.startswith("000201")
    with tenant_context(stripe_shop.id):
        stored = services.get(payment.id)
        assert (stored.status, stored.provider_ref) == ("pending", "pi_3QstubPromptPay01")
    # the same payment started again sends the same key: Stripe answers with the same intent
    _start(payment, stripe_shop)
    assert stub.requests[-1]["headers"]["Idempotency-Key"] == key


def test_a_connect_account_is_sent_as_the_stripe_account(stub, shop, make_payment):
    configure(shop, connect_account_id="acct_1StubConnected")
    payment = make_payment("10.00", method="promptpay")
    _start(payment, shop)
    assert stub.requests[-1]["headers"]["Stripe-Account"] == "acct_1StubConnected"


def test_card_opens_a_checkout_session(stub, stripe_shop, make_payment):
    payment = make_payment("250.50", method="card")
    checkout = _start(payment, stripe_shop)
    sent = stub.requests[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/checkout/sessions")
    body = sent["body"]
    assert body["mode"] == "payment" and body["payment_method_types[0]"] == "card"
    assert body["line_items[0][price_data][unit_amount]"] == "25050"
    assert body["line_items[0][price_data][currency]"] == "thb"
    assert body["line_items[0][price_data][product_data][name]"] == "ข้าวสาร 5 กก."
    assert body["client_reference_id"] == str(payment.id)
    assert body["payment_intent_data[metadata][payment_id]"] == str(payment.id)
    assert body["success_url"] == "https://pansuk.test/t/shop/done"
    assert sent["headers"]["Idempotency-Key"] == f"pansuk:{stripe_shop.id}:payment:{payment.id}:session"
    assert checkout.redirect_url.startswith("https://checkout.stripe.com/")


def test_the_payer_may_switch_to_card_before_anything_started(stub, stripe_shop, make_payment):
    payment = make_payment("20.00", method="promptpay")
    _start(payment, stripe_shop, method="card")
    assert stub.requests[-1]["path"] == "/v1/checkout/sessions"
    with tenant_context(stripe_shop.id):
        assert services.get(payment.id).method == "card"


def test_refund_goes_to_the_intent_with_a_key_per_refund(stub, stripe_shop, make_payment):
    payment = make_payment("250.50", method="promptpay")
    _start(payment, stripe_shop)
    with tenant_context(stripe_shop.id):
        services.transition(payment.id, "succeeded", source="test")
        record = stripe_gateway.refund_via_gateway(payment.id, 5000, tenant=stripe_shop, reason="ของเสีย",
                                                   actor_id=None)
        db.session.commit()
        assert record.provider_ref == "re_3QstubRefund0001"
        assert services.get(payment.id).refunded == 5000
    sent = stub.requests[-1]
    assert (sent["path"], sent["body"]["payment_intent"], sent["body"]["amount"]) == (
        "/v1/refunds", "pi_3QstubPromptPay01", "5000")
    assert sent["headers"]["Idempotency-Key"] == f"pansuk:{stripe_shop.id}:refund:{payment.id}:0:5000"


def test_a_stripe_error_is_a_clear_message_and_nothing_changes(stub, stripe_shop, make_payment):
    stub.fail_with = fixture("error_card_declined")
    payment = make_payment("10.00", method="promptpay")
    with tenant_context(stripe_shop.id), pytest.raises(stripe_gateway.PaymentProviderError):
        stripe_gateway.start(payment.id, method=None, tenant=stripe_shop, return_url="https://x.test/")
    db.session.rollback()
    with tenant_context(stripe_shop.id):
        assert services.get(payment.id).status == "created"


def test_without_keys_the_tenant_gets_the_fake_gateway(shop):
    with tenant_context(shop.id):
        assert gateway.for_tenant(shop).name == "fake"
    configure(shop)
    with tenant_context(shop.id):
        assert gateway.for_tenant(db.session.get(Tenant, shop.id)).name == "stripe"


# --- the payer's pages --------------------------------------------------------

def test_promptpay_qr_is_shown_on_our_page_and_the_status_is_polled(client, stub, stripe_shop, make_payment,
                                                                    make_member):
    payment = make_payment("250.50", method="promptpay")
    client.login(make_member(stripe_shop, "staff"))
    page = client.get(f"/t/shop/payments/{payment.id}/pay")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "฿250.50" in html and 'value="promptpay"' in html
    response = client.post(f"/t/shop/payments/{payment.id}/pay", data={"method": "promptpay"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/payments/{payment.id}/promptpay")
    qr = client.get(f"/t/shop/payments/{payment.id}/promptpay").get_data(as_text=True)
    assert "https://qr.stripe.com/stub.svg" in qr and "฿250.50" in qr and stripe_shop.name_th in qr
    assert 'data-test="expires"' in qr
    assert client.get(f"/t/shop/payments/{payment.id}/status").get_json() == {
        "id": payment.id, "status": "pending", "paid": False, "open": True}
    with tenant_context(stripe_shop.id):
        services.transition(payment.id, "succeeded", source="test")
        db.session.commit()
    assert client.get(f"/t/shop/payments/{payment.id}/status").get_json()["paid"] is True


def test_only_the_payer_or_staff_may_pay(client, stub, stripe_shop, make_payment, make_member, make_tenant):
    payment = make_payment("10.00", method="promptpay")
    client.login(make_member(stripe_shop, "household"))
    assert client.get(f"/t/shop/payments/{payment.id}/pay").status_code == 403
    assert client.get(f"/t/shop/payments/{payment.id}/status").status_code == 403
    assert client.post(f"/t/shop/payments/{payment.id}/pay", data={"method": "promptpay"}).status_code == 403
    assert stub.requests == []
    other = make_tenant(slug="other")
    client.login(make_member(other, "staff"))
    assert client.get(f"/t/other/payments/{payment.id}/pay").status_code == 404


def test_card_redirects_to_stripe_checkout(client, stub, stripe_shop, make_payment, make_member):
    payment = make_payment("10.00", method="promptpay")
    client.login(make_member(stripe_shop, "staff"))
    response = client.post(f"/t/shop/payments/{payment.id}/pay", data={"method": "card"})
    assert response.headers["Location"].startswith("https://checkout.stripe.com/")


def test_paying_without_stripe_keys_says_so(client, shop, make_payment, make_member):
    payment = make_payment("10.00", method="promptpay")
    client.login(make_member(shop, "staff"))
    page = client.post(f"/t/shop/payments/{payment.id}/pay", data={"method": "promptpay"}, follow_redirects=True)
    assert page.status_code == 200 and 'class="flash flash-error"' in page.get_data(as_text=True)
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "created"


# --- settings ------------------------------------------------------------------

def test_settings_are_stored_masked_and_audited_without_secrets(client, shop, make_member):
    client.login(make_member(shop, "admin"))
    response = client.post("/t/shop/payments/settings/stripe", data={
        "secret_key": SECRET_KEY, "publishable_key": "pk_test_51StubPublishable9876",
        "webhook_secret": WEBHOOK_SECRET, "connect_account_id": ""})
    assert response.status_code == 302
    html = client.get("/t/shop/payments/settings/stripe").get_data(as_text=True)
    assert SECRET_KEY not in html and WEBHOOK_SECRET not in html and "••••WXYZ" in html and "••••0001" in html
    with tenant_context(shop.id):
        stored = db.session.get(Tenant, shop.id).settings["stripe"]
        assert stored["secret_key"].startswith("fernet:") and SECRET_KEY not in json.dumps(stored)
        assert stripe_settings.secret_key(db.session.get(Tenant, shop.id)) == SECRET_KEY
        audit = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "payments.stripe_settings.update")).one()
        assert SECRET_KEY not in json.dumps(audit.after) and audit.after["secret_key"] == "••••WXYZ"
    # blank keeps, a wrong kind of key is refused, nothing changes
    bad = client.post("/t/shop/payments/settings/stripe", data={"secret_key": "pk_live_oops123456"})
    assert bad.status_code == 422
    with tenant_context(shop.id):
        assert db.session.get(Tenant, shop.id).settings["stripe"]["secret_key"] == stored["secret_key"]


def test_settings_need_the_settings_permission(client, shop, make_member):
    client.login(make_member(shop, "fund_manager"))
    assert client.get("/t/shop/payments/settings/stripe").status_code == 403
    assert client.post("/t/shop/payments/settings/stripe", data={"secret_key": SECRET_KEY}).status_code == 403


# --- the API -------------------------------------------------------------------

def test_api_lists_shows_starts_and_refunds(client, stub, stripe_shop, make_payment, make_member):
    payment = make_payment("250.50", method="promptpay")
    client.login(make_member(stripe_shop, "admin"))
    listing = client.get("/api/v1/t/shop/payments")
    assert listing.status_code == 200 and listing.get_json()["items"][0]["amount"] == 25050
    started = client.post(f"/api/v1/t/shop/payments/{payment.id}/start",
                          json={"method": "promptpay", "return_url": "https://pansuk.test/done"})
    assert started.status_code == 200, started.get_json()
    assert started.get_json()["qr_image_url"] == "https://qr.stripe.com/stub.svg"
    with tenant_context(stripe_shop.id):
        services.transition(payment.id, "succeeded", source="test")
        db.session.commit()
    refunded = client.post(f"/api/v1/t/shop/payments/{payment.id}/refunds", json={"amount": 5000})
    assert refunded.status_code == 201 and refunded.get_json()["amount"] == 5000
    too_much = client.post(f"/api/v1/t/shop/payments/{payment.id}/refunds", json={"amount": 999999})
    assert too_much.status_code == 409 and too_much.get_json()["error"]["code"] == "refund_too_large"
    one = client.get(f"/api/v1/t/shop/payments/{payment.id}").get_json()
    assert one["refunded"] == 5000 and [e["to_status"] for e in one["events"]][:3] == ["created", "pending", "succeeded"]
    assert client.get("/api/v1/t/shop/payments/999999").get_json()["error"]["code"] == "payment_not_found"


def test_api_needs_permissions(client, stripe_shop, make_payment, make_member):
    payment = make_payment("10.00", method="promptpay")
    assert client.get("/api/v1/t/shop/payments").status_code == 401
    client.login(make_member(stripe_shop, "household"))
    assert client.get("/api/v1/t/shop/payments").status_code == 403
    client.login(make_member(stripe_shop, "staff"))
    assert client.post(f"/api/v1/t/shop/payments/{payment.id}/refunds", json={"amount": 1}).status_code == 403
