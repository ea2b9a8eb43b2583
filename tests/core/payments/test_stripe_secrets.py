"""The tenant's Stripe secret key and webhook secret at rest: encrypted in
the database, still used as they are by the gateway and the webhook, masked
on the page, kept readable through a key rotation; bad values refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from core.db import db
from core.payments.stripe import settings as stripe_settings
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.core.payments.test_stripe_gateway import SECRET_KEY, WEBHOOK_SECRET, _start, stub  # noqa: F401
from tests.core.payments.test_stripe_webhook import deliver, event, intent, status_of

SETTINGS = "/t/shop/payments/settings/stripe"
KEY_1, KEY_2 = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def admin(client, shop, make_member, app, monkeypatch):
    monkeypatch.setitem(app.config, "SECRETS_KEYS", KEY_1)
    client.login(make_member(shop, "admin", lang="en"))
    return client


def save_keys(client) -> None:
    response = client.post(SETTINGS, data={"secret_key": SECRET_KEY, "publishable_key": "pk_test_51Pub9876",
                                           "webhook_secret": WEBHOOK_SECRET})
    assert response.status_code == 302


def raw_settings(tenant_id: int) -> str:
    text = db.session.scalar(sa.text("SELECT CAST(settings AS TEXT) FROM tenant WHERE id = :id"), {"id": tenant_id})
    db.session.rollback()
    return text


def test_the_keys_are_encrypted_in_the_database(admin, shop):
    save_keys(admin)
    raw = raw_settings(shop.id)
    assert SECRET_KEY not in raw and WEBHOOK_SECRET not in raw and "WXYZ" not in raw
    assert "pk_test_51Pub9876" in raw  # the publishable key is public
    html = admin.get(SETTINGS).get_data(as_text=True)
    assert "••••WXYZ" in html and "••••0001" in html and "fernet:" not in html and SECRET_KEY not in html


def test_the_gateway_calls_stripe_with_the_decrypted_key(admin, shop, stub, make_payment):  # noqa: F811
    save_keys(admin)
    payment = make_payment("120.00", method="promptpay")
    _start(payment, db.session.get(Tenant, shop.id))
    assert stub.requests[0]["headers"]["Authorization"] == f"Bearer {SECRET_KEY}"


def test_the_webhook_is_verified_with_the_decrypted_secret(admin, client, shop, make_payment):
    save_keys(admin)
    payment = make_payment("80.00", method="promptpay")
    assert deliver(client, event("evt_enc_1", "payment_intent.succeeded", intent(payment))).status_code == 200
    assert status_of(payment) == ("succeeded", 0)
    sealed = stripe_settings.stored(db.session.get(Tenant, shop.id))["webhook_secret"]
    db.session.rollback()
    # the stored blob itself is no signing secret
    assert deliver(client, event("evt_enc_2", "payment_intent.succeeded", intent(payment)),
                   secret=sealed).status_code == 400


def test_rotation_keeps_the_keys_readable(admin, app, shop, monkeypatch):
    save_keys(admin)
    monkeypatch.setitem(app.config, "SECRETS_KEYS", f"{KEY_2},{KEY_1}")
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    monkeypatch.setitem(app.config, "SECRETS_KEYS", KEY_2)
    with tenant_context(shop.id):
        tenant = db.session.get(Tenant, shop.id, populate_existing=True)
        assert stripe_settings.secret_key(tenant) == SECRET_KEY
        assert stripe_settings.webhook_secrets(tenant) == [WEBHOOK_SECRET]
        db.session.rollback()


def test_a_key_stored_in_clear_before_is_encrypted_on_the_next_save(admin, shop):
    with tenant_context(shop.id):
        db.session.get(Tenant, shop.id).settings = {"stripe": {"secret_key": SECRET_KEY}}
        db.session.commit()
    assert admin.post(SETTINGS, data={"secret_key": ""}).status_code == 302  # nothing changed
    assert SECRET_KEY not in raw_settings(shop.id)
    with tenant_context(shop.id):
        assert stripe_settings.secret_key(db.session.get(Tenant, shop.id, populate_existing=True)) == SECRET_KEY
        db.session.rollback()


@pytest.mark.parametrize("value", [
    "sk_test_" + "a" * 300,
    "sk_test_abc\u200bdef",  # a zero-width space
    "sk_test_abc\u00a0def",
    "sk_test_abc def",
])
def test_giant_and_odd_keys_are_refused(admin, shop, value):
    response = admin.post(SETTINGS, data={"secret_key": value})
    assert response.status_code == 422
    assert "This does not look like the right kind of Stripe key" in response.get_data(as_text=True)
    assert "stripe" not in (db.session.get(Tenant, shop.id, populate_existing=True).settings or {})
    db.session.rollback()


def test_binary_keys_are_refused_at_the_door(admin, shop):
    for value in ("sk_test_\x00abc", "sk_test_\x01\x02"):
        assert admin.post(SETTINGS, data={"secret_key": value}).status_code == 400
    assert "stripe" not in (db.session.get(Tenant, shop.id, populate_existing=True).settings or {})
    db.session.rollback()
