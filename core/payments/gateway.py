"""The gateway interface, which online methods a tenant offers, and the fake
gateway.

A gateway starts a payment (a redirect URL, or a QR to show on our own page)
and refunds one. Outcomes come back asynchronously — Stripe's webhooks, or the
fake gateway's page — and go through ``services.transition``.

A method is offered only when the tenant set it up: PromptPay needs its own
PromptPay number (or Stripe), a card needs Stripe keys. The fake gateway, whose
page lets anyone "pay" by pressing a button, exists only when the operator
switches it on (``PAYMENTS_FAKE_GATEWAY=1``: the test suite and the demo of
``make run``), never because keys are missing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from flask import current_app, url_for

from core.errors import N_, Conflict
from core.payments.models import Payment


class MethodNotOffered(Conflict):
    code = "payment_method_not_offered"
    message = N_("This organisation does not take payments this way. Choose another way to pay.")


def fake_enabled() -> bool:
    """The fake gateway is on only when the operator says so in the config."""
    return current_app.config.get("PAYMENTS_FAKE_GATEWAY") is True


def stripe_configured(tenant) -> bool:
    from core.payments.stripe import settings as stripe_settings

    return "stripe" in _GATEWAYS and bool(stripe_settings.secret_key(tenant))


def own_promptpay_configured(tenant) -> bool:
    from core.payments.promptpay import settings as promptpay_settings

    return "promptpay_own" in _GATEWAYS and promptpay_settings.configured(tenant)


def offered(tenant) -> tuple[str, ...]:
    """The online methods this tenant takes, in the order pages show them."""
    stripe = stripe_configured(tenant)
    methods = []
    if stripe or own_promptpay_configured(tenant):
        methods.append("promptpay")
    if stripe:
        methods.append("card")
    return tuple(methods)


def require_offered(method: str, *, tenant=None) -> None:
    """Refuse a method the tenant (by default the one in context) has not set
    up: a forged form, an old page, settings removed since."""
    if method == "fake":
        if not fake_enabled():
            raise MethodNotOffered(field="method")
        return
    if tenant is None:
        from core.db import db
        from core.tenancy.context import require_tenant_id
        from core.tenancy.models import Tenant

        tenant = db.session.get(Tenant, require_tenant_id())
    if method not in offered(tenant):
        raise MethodNotOffered(field="method")


@dataclass(frozen=True)
class Checkout:
    """What the payer does next: go to ``redirect_url``, or scan ``qr_payload``
    (PromptPay) / ``qr_image_url`` shown on our own page."""

    provider_ref: str
    redirect_url: str | None = None
    qr_payload: str | None = None
    qr_image_url: str | None = None
    expires_at: int | None = None


class Gateway(Protocol):
    name: str

    def start(self, payment: Payment, *, return_url: str, tenant) -> Checkout: ...

    def refund(self, payment: Payment, amount: int, *, tenant, key: str) -> str: ...


class FakeGateway:
    """For tests and the demo, only with ``PAYMENTS_FAKE_GATEWAY`` on: a page
    where the person "pays" or "fails". Its links are signed, so nobody can
    confirm someone else's payment by guessing a URL."""

    name = "fake"

    def start(self, payment: Payment, *, return_url: str, tenant) -> Checkout:
        if not fake_enabled():
            raise MethodNotOffered()
        ref = f"fake_{payment.id}"
        token = fake_token(payment.tenant_id, payment.id)
        url = url_for("payments.fake_checkout", slug=tenant.slug, payment_id=payment.id, token=token,
                      next=return_url)
        return Checkout(provider_ref=ref, redirect_url=url)

    def refund(self, payment: Payment, amount: int, *, tenant, key: str) -> str:
        return f"fake_re_{key}"


def fake_token(tenant_id: int, payment_id: int) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"fake-pay:{tenant_id}:{payment_id}".encode(), hashlib.sha256).hexdigest()[:32]


def check_fake_token(tenant_id: int, payment_id: int, token: str) -> bool:
    return hmac.compare_digest(fake_token(tenant_id, payment_id), token or "")


_GATEWAYS: dict[str, object] = {"fake": FakeGateway()}


def register(name: str, gateway) -> None:
    _GATEWAYS[name] = gateway


def for_tenant(tenant, method: str | None = None) -> Gateway:
    """Stripe when the tenant (or the app) has Stripe keys; else, for a PromptPay
    payment, the tenant's own PromptPay when it set one up; else the fake one
    when the config switches it on. Otherwise nothing takes the payment:
    ``MethodNotOffered``."""
    if stripe_configured(tenant):
        return _GATEWAYS["stripe"]
    if method == "promptpay" and own_promptpay_configured(tenant):
        return _GATEWAYS["promptpay_own"]
    if fake_enabled():
        return _GATEWAYS["fake"]
    raise MethodNotOffered(field="method")


def named(name: str) -> Gateway:
    return _GATEWAYS[name]
