"""The gateway interface and the fake gateway.

A gateway starts a payment (a redirect URL, or a QR to show on our own page)
and refunds one. Outcomes come back asynchronously — Stripe's webhooks, or the
fake gateway's page — and go through ``services.transition``.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from flask import current_app, url_for

from core.payments.models import Payment


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
    """For tests and the embedded default: a page where the person "pays" or
    "fails". Its links are signed, so nobody can confirm someone else's payment
    by guessing a URL."""

    name = "fake"

    def start(self, payment: Payment, *, return_url: str, tenant) -> Checkout:
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
    payment, the tenant's own PromptPay when it set one up; else the fake one."""
    settings = (tenant.settings or {}).get("stripe") or {}
    if (settings.get("secret_key") or current_app.config.get("STRIPE_SECRET_KEY")) and "stripe" in _GATEWAYS:
        return _GATEWAYS["stripe"]
    own = (tenant.settings or {}).get("promptpay") or {}
    if method == "promptpay" and own.get("account") and "promptpay_own" in _GATEWAYS:
        return _GATEWAYS["promptpay_own"]
    return _GATEWAYS["fake"]


def named(name: str) -> Gateway:
    return _GATEWAYS[name]
