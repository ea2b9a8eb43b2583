"""The Stripe gateway: PromptPay through a confirmed PaymentIntent (its QR is
shown on our own page), cards through a Checkout Session, refunds.

Each call builds a ``StripeClient`` with the tenant's own secret key (or the
app's), and with ``stripe_account`` when the tenant has a Connect account.
Create calls carry deterministic idempotency keys per tenant and object, so a
retried request never makes a second PaymentIntent, Session or Refund.
Outcomes come back through the webhook (``core.payments.stripe.webhooks``).
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
import stripe

from core.db import db, utcnow
from core.errors import N_, Conflict, DomainError
from core.payments import gateway, services
from core.payments.gateway import Checkout
from core.payments.models import Payment
from core.payments.stripe import settings as stripe_settings

log = logging.getLogger(__name__)

STRIPE_METHODS = ("promptpay", "card")


class StripeNotConfigured(Conflict):
    code = "stripe_not_configured"
    message = N_("Card and PromptPay payments are not set up for this organisation")


class PaymentProviderError(DomainError):
    code = "payment_provider_error"
    status = 502
    message = N_("The payment provider could not be reached. Please try again in a moment.")


class NotPayable(Conflict):
    code = "payment_not_payable"
    message = N_("This payment can no longer be paid")


def intent_key(tenant_id: int, payment_id: int) -> str:
    return f"pansuk:{tenant_id}:payment:{payment_id}:intent"


def session_key(tenant_id: int, payment_id: int) -> str:
    return f"pansuk:{tenant_id}:payment:{payment_id}:session"


def refund_key(tenant_id: int, key: str) -> str:
    return f"pansuk:{tenant_id}:refund:{key}"


def _metadata(payment: Payment) -> dict[str, str]:
    return {"tenant_id": str(payment.tenant_id), "payment_id": str(payment.id), "purpose": payment.purpose}


def _as_dict(obj) -> dict:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


class StripeGateway:
    """``http_client`` is Stripe's own seam: tests give it a stub that answers
    with recorded JSON, production leaves it ``None`` (the SDK's default)."""

    name = "stripe"

    def __init__(self, http_client: stripe.HTTPClient | None = None, max_network_retries: int = 2):
        self.http_client = http_client
        self.max_network_retries = max_network_retries

    # --- clients -------------------------------------------------------------

    def client(self, tenant) -> stripe.StripeClient:
        key = stripe_settings.secret_key(tenant)
        if not key:
            raise StripeNotConfigured()
        return stripe.StripeClient(
            key,
            stripe_account=stripe_settings.connect_account(tenant),
            http_client=self.http_client,
            max_network_retries=self.max_network_retries,
        )

    def _call(self, fn, *args, **kwargs) -> dict:
        try:
            return _as_dict(fn(*args, **kwargs))
        except stripe.StripeError as exc:
            log.warning("stripe call failed: %s (%s)", type(exc).__name__, getattr(exc, "code", None))
            raise PaymentProviderError() from None

    # --- the Gateway protocol -------------------------------------------------

    def start(self, payment: Payment, *, return_url: str, tenant, email: str | None = None,
              cancel_url: str | None = None) -> Checkout:
        if payment.method == "promptpay":
            return self._start_promptpay(payment, tenant, email)
        if payment.method == "card":
            return self._start_card(payment, tenant, return_url, cancel_url or return_url, email)
        raise NotPayable()

    def _start_promptpay(self, payment: Payment, tenant, email: str | None) -> Checkout:
        billing: dict = {"email": email} if email else {}
        if payment.payer_name:
            billing["name"] = payment.payer_name
        params = {
            "amount": payment.amount,  # satang: THB's smallest unit
            "currency": "thb",
            "payment_method_types": ["promptpay"],
            "confirm": True,
            "payment_method_data": {"type": "promptpay", "billing_details": billing},
            "description": (payment.description or payment.purpose)[:200],
            "metadata": _metadata(payment),
        }
        intent = self._call(self.client(tenant).v1.payment_intents.create, params,
                            {"idempotency_key": intent_key(payment.tenant_id, payment.id)})
        return checkout_from_intent(intent)

    def _start_card(self, payment: Payment, tenant, success_url: str, cancel_url: str,
                    email: str | None) -> Checkout:
        params: dict = {
            "mode": "payment",
            "payment_method_types": ["card"],
            "line_items": [{
                "quantity": 1,
                "price_data": {
                    "currency": "thb",
                    "unit_amount": payment.amount,
                    "product_data": {"name": (payment.description or payment.purpose)[:200]},
                },
            }],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(payment.id),
            "metadata": _metadata(payment),
            "payment_intent_data": {"metadata": _metadata(payment)},
        }
        if email:
            params["customer_email"] = email
        session = self._call(self.client(tenant).v1.checkout.sessions.create, params,
                             {"idempotency_key": session_key(payment.tenant_id, payment.id)})
        return Checkout(provider_ref=session["id"], redirect_url=session.get("url"),
                        expires_at=session.get("expires_at"))

    def promptpay_qr(self, payment: Payment, tenant) -> Checkout:
        """The QR of a PromptPay payment already started (read back from Stripe)."""
        if not (payment.provider_ref or "").startswith("pi_"):
            raise NotPayable()
        intent = self._call(self.client(tenant).v1.payment_intents.retrieve, payment.provider_ref)
        return checkout_from_intent(intent)

    def refund(self, payment: Payment, amount: int, *, tenant, key: str) -> str:
        client = self.client(tenant)
        intent_id = payment.provider_ref or ""
        if intent_id.startswith("cs_"):
            session = self._call(client.v1.checkout.sessions.retrieve, intent_id)
            intent_id = session.get("payment_intent") or ""
        if not intent_id.startswith("pi_"):
            raise NotPayable()
        refund = self._call(client.v1.refunds.create,
                            {"payment_intent": intent_id, "amount": amount,
                             "metadata": _metadata(payment)},
                            {"idempotency_key": refund_key(payment.tenant_id, key)})
        return refund["id"]


def checkout_from_intent(intent: dict) -> Checkout:
    action = (intent.get("next_action") or {}).get("promptpay_display_qr_code") or {}
    return Checkout(
        provider_ref=intent["id"],
        qr_payload=action.get("data"),
        qr_image_url=action.get("image_url_svg") or action.get("image_url_png"),
        expires_at=action.get("expires_at"),
    )


def start(payment_id: int, *, method: str | None, tenant, return_url: str, cancel_url: str | None = None,
          email: str | None = None) -> Checkout:
    """Start paying a payment: the payer may still switch between PromptPay and
    card while nothing was started (both land in the same clearing account).
    The provider's id is stored with the move to ``pending``. Flushes."""
    payment = services.get(payment_id)
    if payment.status not in ("created", "pending"):
        raise NotPayable()
    if payment.provider == "fake":
        gw = gateway.named("fake")  # refuses unless the config switches it on
    else:
        if not gateway.stripe_configured(tenant):
            raise StripeNotConfigured(field="method")
        gw = gateway.named("stripe")
        if method in STRIPE_METHODS and method != payment.method and payment.status == "created":
            _switch_method(payment, method)
    if isinstance(gw, StripeGateway):
        checkout = gw.start(payment, return_url=return_url, tenant=tenant, email=email, cancel_url=cancel_url)
    else:
        checkout = gw.start(payment, return_url=return_url, tenant=tenant)
    services.transition(payment.id, "pending", source=f"{gw.name}:start", provider_ref=checkout.provider_ref)
    return checkout


def _switch_method(payment: Payment, method: str) -> None:
    changed = db.session.execute(
        sa.update(Payment)
        .where(Payment.id == payment.id, Payment.status == "created", Payment.provider == "stripe")
        .values(method=method, updated_at=utcnow())
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:
        raise NotPayable()
    db.session.refresh(payment)


GATEWAY = StripeGateway()
gateway.register("stripe", GATEWAY)


def refund_via_gateway(payment_id: int, amount: int, *, tenant, reason: str | None, actor_id: int | None,
                       source: str = "staff"):
    """Refund through the payment's gateway, then record it once by the
    gateway's refund id. The key names the refund by what was already
    refunded, so a retried request reuses the same Stripe refund."""
    from core.money import Money

    payment = services.get(payment_id)
    if amount <= 0 or amount > payment.refundable:
        raise services.RefundTooLarge(available=str(Money(payment.refundable)))
    key = f"{payment.id}:{payment.refunded}:{amount}"
    gw = gateway.named(payment.provider if payment.provider != "manual" else "fake")
    provider_ref = gw.refund(payment, amount, tenant=tenant, key=key)
    return services.refund(payment.id, Money(amount), provider_ref=provider_ref, source=source,
                           reason=reason, actor_id=actor_id)
