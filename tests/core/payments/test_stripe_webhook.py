"""The Stripe webhook: signatures checked on the raw body (good, bad, stale),
each event recorded once with its effect, and a storm of 1,000 deliveries with
duplicates in shuffled order giving exactly-once effects."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.models import JournalEntry
from core.ledger.queries import verify_balances
from core.payments import services
from core.payments.models import Payment, Refund
from core.payments.stripe.models import StripeEvent
from core.tenancy.context import tenant_context
from tests.core.payments.test_stripe_gateway import WEBHOOK_SECRET, configure
from tests.race import browsers, together

URL = "/payments/stripe/webhook"
APP_SECRET = "whsec_appWideSecret0002"


def sign(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"


def deliver(client, event: dict, secret: str = WEBHOOK_SECRET, at: int | None = None, header: str | None = None):
    payload = json.dumps(event, ensure_ascii=False)
    return client.post(URL, data=payload.encode(), content_type="application/json", csrf=False,
                       headers={"Stripe-Signature": header if header is not None else sign(payload, secret, at)})


def event(evt_id: str, kind: str, obj: dict) -> dict:
    return {"id": evt_id, "object": "event", "type": kind, "livemode": False, "created": int(time.time()),
            "api_version": "2024-06-20", "data": {"object": obj}}


def intent(payment, status="succeeded", **extra) -> dict:
    return {"id": f"pi_{payment.tenant_id}_{payment.id}", "object": "payment_intent", "amount": payment.amount,
            "amount_received": payment.amount if status == "succeeded" else 0, "currency": "thb", "status": status,
            "metadata": {"tenant_id": str(payment.tenant_id), "payment_id": str(payment.id)}, **extra}


def charge(payment, refunds: list[tuple[str, int]], metadata: bool = True) -> dict:
    return {"id": f"ch_{payment.tenant_id}_{payment.id}", "object": "charge", "amount": payment.amount,
            "currency": "thb", "paid": True, "captured": True, "payment_intent": f"pi_{payment.tenant_id}_{payment.id}",
            "amount_refunded": sum(a for _, a in refunds),
            "metadata": {"tenant_id": str(payment.tenant_id), "payment_id": str(payment.id)} if metadata else {},
            "refunds": {"object": "list", "data": [{"id": r, "object": "refund", "amount": a, "status": "succeeded"}
                                                   for r, a in refunds]}}


def session(payment, payment_status="paid") -> dict:
    return {"id": f"cs_{payment.tenant_id}_{payment.id}", "object": "checkout.session",
            "amount_total": payment.amount, "currency": "thb", "payment_status": payment_status,
            "client_reference_id": str(payment.id), "payment_intent": f"pi_{payment.tenant_id}_{payment.id}",
            "metadata": {"tenant_id": str(payment.tenant_id), "payment_id": str(payment.id)}}


def recorded(tenant_id: int) -> list[StripeEvent]:
    with tenant_context(tenant_id):
        return list(db.session.scalars(sa.select(StripeEvent).order_by(StripeEvent.id)))


@pytest.fixture
def stripe_payment(shop, make_payment):
    configure(shop)
    return make_payment("250.50", method="promptpay")


def status_of(payment) -> tuple[str, int]:
    with tenant_context(payment.tenant_id):
        found = services.get(payment.id)
        return found.status, found.refunded


def test_a_signed_success_is_applied_once(client, stripe_payment):
    response = deliver(client, event("evt_ok_1", "payment_intent.succeeded", intent(stripe_payment)))
    assert response.status_code == 200 and response.get_json()["outcome"] == "applied"
    assert status_of(stripe_payment) == ("succeeded", 0)
    again = deliver(client, event("evt_ok_1", "payment_intent.succeeded", intent(stripe_payment)))
    assert again.status_code == 200 and again.get_json()["outcome"] == "duplicate"
    rows = recorded(stripe_payment.tenant_id)
    assert [(r.event_id, r.outcome, r.payment_id) for r in rows] == [("evt_ok_1", "applied", stripe_payment.id)]
    with tenant_context(stripe_payment.tenant_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 1


def _audited(tenant_id: int, action: str) -> list:
    from core.audit.models import AuditEvent

    with tenant_context(tenant_id):
        rows = list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                       .order_by(AuditEvent.id)))
        db.session.expunge_all()
        return rows


def test_a_payment_confirmed_or_refunded_by_stripe_is_audited_once(client, stripe_payment):
    tenant_id = stripe_payment.tenant_id
    deliver(client, event("evt_audit_1", "payment_intent.succeeded", intent(stripe_payment)))
    deliver(client, event("evt_audit_1", "payment_intent.succeeded", intent(stripe_payment)))  # again
    deliver(client, event("evt_audit_2", "payment_intent.succeeded", intent(stripe_payment)))  # a no-op
    [confirmed] = _audited(tenant_id, "payments.confirmed_by_provider")
    assert (confirmed.actor_user_id, confirmed.target_type, confirmed.target_id) == (None, "payment",
                                                                                    stripe_payment.id)
    assert confirmed.before == {"status": "created"}
    assert confirmed.after == {"status": "succeeded", "by": "stripe", "event": "evt_audit_1",
                               "provider_ref": f"pi_{tenant_id}_{stripe_payment.id}", "amount": 25050}
    deliver(client, event("evt_audit_3", "charge.refunded", charge(stripe_payment, [("re_audit", 5000)])))
    [refunded] = _audited(tenant_id, "payments.refunded_by_provider")
    assert refunded.after["refund_ref"] == "re_audit" and refunded.after["refunded"] == 5000
    assert refunded.after["status"] == "partly_refunded" and refunded.after["event"] == "evt_audit_3"


def test_a_rejected_event_audits_nothing(client, stripe_payment):
    body = intent(stripe_payment, amount_received=1)
    assert deliver(client, event("evt_audit_bad", "payment_intent.succeeded", body)).status_code == 200
    assert _audited(stripe_payment.tenant_id, "payments.confirmed_by_provider") == []


def test_a_bad_signature_is_refused_and_nothing_recorded(client, stripe_payment):
    body = event("evt_bad_1", "payment_intent.succeeded", intent(stripe_payment))
    assert deliver(client, body, secret="whsec_wrong").status_code == 400
    assert deliver(client, body, header="").status_code == 400
    assert deliver(client, body, header="t=1,v1=deadbeef").status_code == 400
    # a body changed after signing
    payload = json.dumps(body)
    tampered = payload.replace(str(stripe_payment.amount), "1")
    response = client.post(URL, data=tampered, content_type="application/json", csrf=False,
                           headers={"Stripe-Signature": sign(payload)})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_signature"
    assert recorded(stripe_payment.tenant_id) == []
    assert status_of(stripe_payment) == ("created", 0)


def test_a_stale_signature_is_refused(client, stripe_payment):
    body = event("evt_old_1", "payment_intent.succeeded", intent(stripe_payment))
    assert deliver(client, body, at=int(time.time()) - 301).status_code == 400
    assert recorded(stripe_payment.tenant_id) == []
    assert deliver(client, body, at=int(time.time()) - 200).status_code == 200


def test_the_app_wide_secret_is_the_fallback(client, app, shop, make_payment, monkeypatch):
    payment = make_payment("10.00", method="promptpay")  # the tenant has no secret of its own
    body = event("evt_app_1", "payment_intent.succeeded", intent(payment))
    assert deliver(client, body, secret=APP_SECRET).status_code == 400
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", APP_SECRET)
    assert deliver(client, body, secret=APP_SECRET).status_code == 200
    assert status_of(payment) == ("succeeded", 0)


def test_another_tenants_secret_does_not_open_this_tenant(client, shop, make_tenant, make_payment):
    configure(shop)
    other = make_tenant(slug="other")
    with tenant_context(other.id):
        from core.tenancy.models import Tenant
        db.session.get(Tenant, other.id).settings = {"stripe": {"webhook_secret": "whsec_otherTenant0003"}}
        db.session.commit()
    payment = make_payment("10.00", method="promptpay")
    body = event("evt_x_1", "payment_intent.succeeded", intent(payment))
    assert deliver(client, body, secret="whsec_otherTenant0003").status_code == 400
    assert status_of(payment) == ("created", 0)


def test_unknown_types_and_payments_are_logged_no_ops(client, stripe_payment, caplog):
    unknown = deliver(client, event("evt_cust_1", "customer.created",
                                    {"id": "cus_1", "object": "customer",
                                     "metadata": {"tenant_id": str(stripe_payment.tenant_id)}}))
    assert unknown.status_code == 200 and unknown.get_json()["outcome"] == "ignored"
    missing = intent(stripe_payment)
    missing["metadata"]["payment_id"] = "999999"
    missing["id"] = "pi_nobody"
    response = deliver(client, event("evt_missing_1", "payment_intent.succeeded", missing))
    assert response.status_code == 200 and response.get_json()["outcome"] == "unknown_payment"
    assert [(r.type, r.outcome) for r in recorded(stripe_payment.tenant_id)] == [
        ("customer.created", "ignored"), ("payment_intent.succeeded", "unknown_payment")]
    assert "no matching payment" in caplog.text
    assert status_of(stripe_payment) == ("created", 0)


def test_malformed_bodies_are_400_not_500(client, stripe_payment):
    for raw in (b"not json", b"{}", b'{"id": "evt_1", "type": "x", "data": {"object": []}}', b"\xff\xfe"):
        response = client.post(URL, data=raw, content_type="application/json", csrf=False,
                               headers={"Stripe-Signature": sign(raw.decode("latin-1"))})
        assert response.status_code == 400, raw


def test_a_wrong_amount_is_rejected_and_nothing_half_written(client, stripe_payment):
    body = intent(stripe_payment)
    body["amount_received"] = 100
    response = deliver(client, event("evt_amt_1", "payment_intent.succeeded", body))
    assert response.status_code == 200 and response.get_json()["outcome"] == "rejected"
    assert status_of(stripe_payment) == ("created", 0)
    with tenant_context(stripe_payment.tenant_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0


def test_a_late_failure_after_success_is_a_no_op(client, stripe_payment):
    deliver(client, event("evt_s", "payment_intent.succeeded", intent(stripe_payment)))
    late = deliver(client, event("evt_f", "payment_intent.payment_failed", intent(stripe_payment, "requires_payment_method")))
    assert late.get_json()["outcome"] == "no_op"
    assert status_of(stripe_payment) == ("succeeded", 0)


def test_a_refund_before_the_success_still_counts_both(client, stripe_payment):
    with tenant_context(stripe_payment.tenant_id):  # started: the tenant is found by the intent's id
        services.transition(stripe_payment.id, "pending", source="test",
                            provider_ref=f"pi_{stripe_payment.tenant_id}_{stripe_payment.id}")
        db.session.commit()
    refunds = [("re_a", 5000)]
    first = deliver(client, event("evt_r", "charge.refunded", charge(stripe_payment, refunds, metadata=False)))
    assert first.status_code == 200 and first.get_json()["outcome"] == "applied"
    assert status_of(stripe_payment) == ("partly_refunded", 5000)
    deliver(client, event("evt_s", "payment_intent.succeeded", intent(stripe_payment)))
    assert status_of(stripe_payment) == ("partly_refunded", 5000)


def test_checkout_session_paid_asynchronously(client, stripe_payment):
    deliver(client, event("evt_cs_1", "checkout.session.completed", session(stripe_payment, "unpaid")))
    assert status_of(stripe_payment) == ("pending", 0)
    deliver(client, event("evt_cs_2", "checkout.session.async_payment_succeeded", session(stripe_payment)))
    assert status_of(stripe_payment) == ("succeeded", 0)


def test_checkout_session_failing_asynchronously(client, stripe_payment):
    deliver(client, event("evt_cs_3", "checkout.session.async_payment_failed", session(stripe_payment, "unpaid")))
    assert status_of(stripe_payment)[0] == "failed"


# --- the storm ---------------------------------------------------------------

def _plan(payments, rng):
    """Unique events per payment and the outcome they imply."""
    events, expected = [], {}
    for n, p in enumerate(payments):
        key = (p.tenant_id, p.id)
        roll = rng.random()
        if roll < 0.25:
            failures = 1 + (n % 2)
            for k in range(failures):
                events.append(event(f"evt_{p.tenant_id}_{p.id}_fail{k}", "payment_intent.payment_failed",
                                    intent(p, "requires_payment_method",
                                           last_payment_error={"code": "payment_intent_payment_attempt_expired"})))
            expected[key] = ("failed", 0)
            continue
        if roll < 0.32:
            events.append(event(f"evt_{p.tenant_id}_{p.id}_cs1", "checkout.session.completed", session(p, "unpaid")))
            events.append(event(f"evt_{p.tenant_id}_{p.id}_cs2", "checkout.session.async_payment_succeeded", session(p)))
        else:
            events.append(event(f"evt_{p.tenant_id}_{p.id}_ok", "payment_intent.succeeded", intent(p)))
        refunds: list[tuple[str, int]] = []
        if roll > 0.9:
            refunds = [(f"re_{p.tenant_id}_{p.id}_all", p.amount)]
        elif roll > 0.65:
            refunds = [(f"re_{p.tenant_id}_{p.id}_{k}", p.amount // 4) for k in range(1 + n % 2)]
        for k in range(len(refunds)):  # each refund's event lists every refund so far
            events.append(event(f"evt_{p.tenant_id}_{p.id}_ref{k}", "charge.refunded",
                                charge(p, refunds[: k + 1], metadata=bool(k % 2))))
        total = sum(a for _, a in refunds)
        expected[key] = ("succeeded" if not total else "refunded" if total == p.amount else "partly_refunded", total)
    return events, expected


def test_a_storm_of_duplicated_shuffled_events_has_exactly_once_effects(
        client, app, shop, make_tenant, make_payment, monkeypatch, owner_rows):
    rng = random.Random(20261123)
    configure(shop)
    second = make_tenant(slug="second")
    with tenant_context(second.id):
        from core.ledger.services import get_or_create_account
        get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        db.session.commit()
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", APP_SECRET)  # the second tenant has none of its own
    payments = []
    for n in range(300):
        tenant = shop if n % 2 else second
        payment = make_payment(f"{100 + n}.{n % 100:02d}", method="promptpay", key=f"storm-{n}", tenant=tenant)
        with tenant_context(tenant.id):
            services.transition(payment.id, "pending", source="test", provider_ref=f"pi_{tenant.id}_{payment.id}")
            db.session.commit()
        payments.append(payment)
    unique, expected = _plan(payments, rng)
    unique.append(event("evt_noise_1", "customer.created",
                        {"id": "cus_1", "metadata": {"tenant_id": str(shop.id)}}))
    deliveries = list(unique)
    while len(deliveries) < 1000:
        deliveries.append(rng.choice(unique))
    rng.shuffle(deliveries)
    assert len(deliveries) == 1000 and len(deliveries) - len(unique) >= 250

    statuses: dict[int, int] = {}
    for body in deliveries:
        tenant_id = int(body["data"]["object"]["metadata"].get("tenant_id") or body["id"].split("_")[1])
        response = deliver(client, body, secret=WEBHOOK_SECRET if tenant_id == shop.id else APP_SECRET)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    assert statuses == {200: 1000}

    db.session.expire_all()  # the requests ran in their own sessions
    rows = owner_rows(sa.select(Payment.tenant_id, Payment.id, Payment.status, Payment.refunded))
    found = {(p.tenant_id, p.id): (p.status, p.refunded) for p in rows}
    assert found == expected
    sources = [r.source for r in owner_rows(sa.select(JournalEntry.source).where(JournalEntry.source.like("payment:%")))]
    paid = {(t, i) for (t, i), (status, _) in expected.items() if status != "failed"}
    assert len(sources) == len(set(sources)) == len(paid)
    refund_refs = [r.provider_ref for r in owner_rows(sa.select(Refund.provider_ref))]
    assert len(refund_refs) == len(set(refund_refs))
    expected_refunds = {r["id"] for b in unique if b["type"] == "charge.refunded"
                        for r in b["data"]["object"]["refunds"]["data"]}
    assert set(refund_refs) == expected_refunds
    assert len(owner_rows(sa.select(StripeEvent.id))) == len(unique)
    for tenant in (shop, second):
        with tenant_context(tenant.id):
            assert verify_balances() == []


# --- concurrent deliveries (PostgreSQL) ----------------------------------------

def _in_parallel(make_client, bodies):
    clients = browsers(make_client, len(bodies), csrf=False)
    return together([lambda c=c, b=b: deliver(c, b).status_code for c, b in zip(clients, bodies, strict=True)])


def test_parallel_duplicates_and_overlapping_refunds_count_once(postgres_only, make_client, stripe_payment):
    with tenant_context(stripe_payment.tenant_id):
        services.transition(stripe_payment.id, "pending", source="test",
                            provider_ref=f"pi_{stripe_payment.tenant_id}_{stripe_payment.id}")
        db.session.commit()
    paid = event("evt_par_ok", "payment_intent.succeeded", intent(stripe_payment))
    assert _in_parallel(make_client, [paid] * 8) == [200] * 8
    quarter = stripe_payment.amount // 4
    refunds = [("re_par_a", quarter), ("re_par_b", quarter)]
    # different events, each listing both refunds, arriving at once
    bodies = [event(f"evt_par_ref{k}", "charge.refunded", charge(stripe_payment, refunds)) for k in range(8)]
    assert _in_parallel(make_client, bodies) == [200] * 8
    assert status_of(stripe_payment) == ("partly_refunded", 2 * quarter)
    with tenant_context(stripe_payment.tenant_id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Refund)) == 2
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 3
        assert verify_balances() == []
    assert len(recorded(stripe_payment.tenant_id)) == 9
