"""Stripe's webhook: ``POST /payments/stripe/webhook``.

The tenant comes from the event's ``metadata.tenant_id`` (we put it on every
PaymentIntent, Session and Refund) or from the payment the object names; the
signature is then checked on the raw body with that tenant's secret, falling
back to ``STRIPE_WEBHOOK_SECRET`` (tolerance 300 s). A bad or stale signature
is a 400 and records nothing.

Each event id is recorded once (UNIQUE per tenant) in the same transaction as
its effect, so a second delivery is a no-op 200. Effects go through
``services.transition`` / ``services.refund``, which depend on the payment's
current status, never on arrival order. A payment that succeeds or is
refunded by an event is audited (no person acted: the provider did, named
with the event id and its reference). Unknown events and unknown payments
are logged and answered 200 so Stripe does not retry them forever. The work is
a few conditional UPDATEs, quick enough to do before answering; it is committed
by the request's boundary (``core.boundary.api_writes``) with the 200, and a
refused event (400) is rolled back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import stripe
from flask import Blueprint, jsonify, request
from sqlalchemy.exc import IntegrityError

from core.audit import services as audit
from core.boundary import api_writes
from core.db import db, utcnow
from core.errors import N_, DomainError
from core.money import Money
from core.payments import services
from core.payments.models import Payment
from core.payments.stripe import queries
from core.payments.stripe import settings as stripe_settings
from core.payments.stripe.models import StripeEvent
from core.tenancy import crossing
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from core.web import csrf_exempt

log = logging.getLogger(__name__)
bp = Blueprint("stripe_webhook", __name__)

TOLERANCE = 300  # seconds
UNFINISHED = ("created", "pending")


@bp.post("/payments/stripe/webhook")
@csrf_exempt
@api_writes
def stripe_webhook():
    payload = request.get_data(cache=False)
    try:
        text = payload.decode("utf-8")
        event = json.loads(text)
        obj = event["data"]["object"]
        event_id, event_type = str(event["id"]), str(event["type"])
        if not isinstance(obj, dict):
            raise TypeError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return _refuse("malformed_event", "The event could not be read.")
    tenant = find_tenant(obj)
    if not verified(text, request.headers.get("Stripe-Signature"), stripe_settings.webhook_secrets(tenant)):
        log.warning("stripe webhook %s refused: bad or stale signature", event_id[:60])
        return _refuse("bad_signature", "The signature is missing, wrong or too old.")
    if tenant is None:
        log.warning("stripe webhook %s (%s): no payment of ours, ignored", event_id[:60], event_type[:60])
        return jsonify({"received": True, "outcome": "unknown_payment"}), 200
    with tenant_context(tenant.id):
        outcome = record_and_apply(event_id, event_type, event, obj)  # flushed as the tenant's block ends
    return jsonify({"received": True, "outcome": outcome}), 200


def _refuse(code: str, message: str):
    return jsonify({"error": {"code": code, "message": message, "status": 400}}), 400


def verified(payload: str, header: str | None, secrets: list[str]) -> bool:
    if not header:
        return False
    for secret in secrets:
        try:
            stripe.WebhookSignature.verify_header(payload, header, secret, TOLERANCE)
        except stripe.SignatureVerificationError:
            continue
        return True
    return False


# --- which tenant, which payment ---------------------------------------------

def _refs(obj: dict) -> list[str]:
    refs = [obj.get("id"), obj.get("payment_intent")]
    return [r for r in refs if isinstance(r, str) and r]


def find_tenant(obj: dict) -> Tenant | None:
    tenant_id = (obj.get("metadata") or {}).get("tenant_id")
    if isinstance(tenant_id, str) and tenant_id.isdigit():
        tenant = queries.tenant(int(tenant_id))
        if tenant is not None and tenant.active:
            return tenant
    refs = _refs(obj)
    if not refs:
        return None
    # the one lookup that must cross tenants: whose payment is this?
    found = {t for ref in refs for t in crossing.tenants_of(Payment.provider_ref, ref)}
    if len(found) != 1:
        return None
    return queries.tenant(found.pop())


def find_payment(obj: dict) -> Payment | None:
    """The payment an object names, in the tenant in context."""
    metadata = obj.get("metadata") or {}
    payment_id = metadata.get("payment_id") or obj.get("client_reference_id")
    payment = None
    if isinstance(payment_id, str) and payment_id.isdigit():
        payment = queries.payment(int(payment_id))
    for ref in _refs(obj):
        if payment is not None:
            break
        payment = services.by_provider_ref("stripe", ref)
    return payment if payment is not None and payment.provider == "stripe" else None


# --- recording and effects ----------------------------------------------------

def record_and_apply(event_id: str, event_type: str, event: dict, obj: dict) -> str:
    record = StripeEvent(event_id=event_id[:255], type=event_type[:100], livemode=bool(event.get("livemode")),
                         created=event.get("created") if isinstance(event.get("created"), int) else None)
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        log.info("stripe webhook %s: already recorded, no-op", event_id[:60])
        return "duplicate"
    handler = HANDLERS.get(event_type)
    payment = find_payment(obj) if handler else None
    detail = None
    if handler is None:
        outcome = "ignored"
        log.info("stripe webhook %s: event type %s not handled, ignored", event_id[:60], event_type[:60])
    elif payment is None:
        outcome = "unknown_payment"
        log.warning("stripe webhook %s (%s): no matching payment", event_id[:60], event_type[:60])
    else:
        record.payment_id = payment.id
        try:
            with db.session.begin_nested():
                changed = handler(payment, obj, f"webhook:{event_id}")
            outcome = "applied" if changed else "no_op"
        except DomainError as exc:
            outcome, detail = "rejected", exc.code
            log.warning("stripe webhook %s (%s) on payment %s rejected: %s",
                        event_id[:60], event_type[:60], payment.id, exc)
    record.outcome, record.detail, record.processed_at = outcome, detail, utcnow()
    db.session.flush()
    return outcome


class AmountMismatch(DomainError):
    code = "stripe_amount_mismatch"
    message = N_("The amount Stripe reports does not match the payment")


def _succeed(payment: Payment, source: str, amount: int | None, currency: str | None, ref: str | None) -> bool:
    if amount is not None and (amount != payment.amount or (currency or "thb").lower() != "thb"):
        raise AmountMismatch()
    before = payment.status
    changed = services.transition(payment.id, "succeeded", source=source,
                                  provider_ref=ref if not payment.provider_ref else None)
    if changed:
        _audit("payments.confirmed_by_provider", payment.id, source, before=before)
    return changed


def _audit(action: str, payment_id: int, source: str, *, before: str, **detail) -> None:
    """The provider confirmed money: no user acted, so the event names the
    provider, its event id and the payment's reference."""
    payment = services.get(payment_id)
    audit.record(action, actor_id=None, target_type="payment", target_id=payment.id,
                 before={"status": before},
                 after={"status": payment.status, "by": "stripe", "event": source.removeprefix("webhook:"),
                        "provider_ref": payment.provider_ref, "amount": payment.amount, **detail})


def _fail(payment: Payment, source: str, reason: str | None) -> bool:
    return services.transition(payment.id, "failed", source=source, failure_reason=reason or "failed at Stripe")


def intent_succeeded(payment: Payment, obj: dict, source: str) -> bool:
    return _succeed(payment, source, obj.get("amount_received") or obj.get("amount"), obj.get("currency"),
                    obj.get("id"))


def intent_failed(payment: Payment, obj: dict, source: str) -> bool:
    error = obj.get("last_payment_error") or {}
    return _fail(payment, source, error.get("message") or error.get("code"))


def session_completed(payment: Payment, obj: dict, source: str) -> bool:
    if obj.get("payment_status") == "paid":
        return session_paid(payment, obj, source)
    if obj.get("payment_status") == "unpaid":  # PromptPay through Checkout: paid later, asynchronously
        return services.transition(payment.id, "pending", source=source)
    return False


def session_paid(payment: Payment, obj: dict, source: str) -> bool:
    return _succeed(payment, source, obj.get("amount_total"), obj.get("currency"), obj.get("id"))


def session_failed(payment: Payment, obj: dict, source: str) -> bool:
    return _fail(payment, source, "asynchronous payment failed")


def charge_refunded(payment: Payment, obj: dict, source: str) -> bool:
    """Each refund in the charge is recorded once by its ``re_`` id, whichever
    event brings it first. A refund proves the charge was paid, so a payment
    still waiting for its ``succeeded`` event is moved there first."""
    changed = False
    if payment.status in UNFINISHED and (obj.get("paid") or obj.get("captured")):
        changed = _succeed(payment, source, obj.get("amount"), obj.get("currency"), obj.get("payment_intent"))
    refunds = ((obj.get("refunds") or {}).get("data")) or []
    if refunds:
        for item in refunds:
            if item.get("status") in ("failed", "canceled") or not item.get("id"):
                continue
            changed = _refund_once(payment.id, int(item["amount"]), str(item["id"]), source) or changed
        return changed
    # no refund list (newer API versions): the charge's running total, counted once per total
    total = int(obj.get("amount_refunded") or 0)
    delta = total - services.get(payment.id).refunded
    if delta > 0:
        changed = _refund_once(payment.id, delta, f"{obj.get('id')}:refunded:{total}", source) or changed
    return changed


def _refund_recorded(ref: str) -> bool:
    return queries.refund_recorded(ref)


def _refund_once(payment_id: int, amount: int, ref: str, source: str) -> bool:
    if _refund_recorded(ref):
        return False
    try:
        with db.session.begin_nested():
            before = services.get(payment_id).status
            services.refund(payment_id, Money(amount), provider_ref=ref, source=source, reason="Stripe refund")
            _audit("payments.refunded_by_provider", payment_id, source, before=before, refund_ref=ref,
                   refunded=amount)
    except (IntegrityError, services.RefundTooLarge):
        # a concurrent delivery of another event listing the same refund got there first
        if _refund_recorded(ref):
            return False
        raise
    return True


HANDLERS: dict[str, Callable[[Payment, dict, str], bool]] = {
    "payment_intent.succeeded": intent_succeeded,
    "payment_intent.payment_failed": intent_failed,
    "checkout.session.completed": session_completed,
    "checkout.session.async_payment_succeeded": session_paid,
    "checkout.session.async_payment_failed": session_failed,
    "charge.refunded": charge_refunded,
}
