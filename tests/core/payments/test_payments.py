"""The payment status machine, its ledger entries, refunds and idempotency."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.models import JournalEntry
from core.ledger.queries import verify_balances
from core.money import Money
from core.payments import hooks, services
from core.payments.models import Payment, PaymentEvent, Refund
from core.payments.policies import InvalidTransition, can_move, check_move
from core.tenancy.context import tenant_context
from tests.race import race


def entries(tenant_id):
    with tenant_context(tenant_id):
        return db.session.scalars(sa.select(JournalEntry).order_by(JournalEntry.id)).all()


def test_success_posts_one_balanced_entry(shop, make_payment):
    payment = make_payment("250.50")
    with tenant_context(shop.id):
        assert services.transition(payment.id, "pending", source="test")
        assert services.transition(payment.id, "succeeded", source="test")
        assert not services.transition(payment.id, "succeeded", source="test")  # twice: no effect
        db.session.commit()
        payment = services.get(payment.id)
        assert payment.status == "succeeded" and payment.journal_entry_id
        [entry] = entries(shop.id)
        assert sorted(line.amount for line in entry.lines) == [-25050, 25050]
        assert verify_balances() == []
        events = db.session.scalars(sa.select(PaymentEvent.to_status).where(PaymentEvent.payment_id == payment.id)).all()
        assert events == ["created", "pending", "succeeded"]


@pytest.mark.parametrize("first,second", [("succeeded", "failed"), ("succeeded", "cancelled"), ("refunded", "succeeded")])
def test_a_late_event_cannot_undo_a_final_one(shop, make_payment, first, second):
    payment = make_payment()
    with tenant_context(shop.id):
        if first == "refunded":
            services.transition(payment.id, "succeeded", source="test")
            services.refund(payment.id, Money(payment.amount), provider_ref="re_all", source="test")
        else:
            assert services.transition(payment.id, first, source="test")
        assert not services.transition(payment.id, second, source="test")
        db.session.commit()
        assert services.get(payment.id).status == first
    assert len(entries(shop.id)) == (2 if first == "refunded" else 1)


@pytest.mark.parametrize("before", ["failed", "cancelled"])
def test_money_that_arrives_after_a_failure_or_cancellation_is_recorded(shop, make_payment, before):
    """A payer retries after a failed attempt, or pays after staff cancelled:
    the money is real, so the payment succeeds and the ledger has it."""
    payment = make_payment()
    with tenant_context(shop.id):
        assert services.transition(payment.id, before, source="test")
        assert services.transition(payment.id, "succeeded", source="test")
        assert not services.transition(payment.id, before, source="test")
        db.session.commit()
        assert services.get(payment.id).status == "succeeded"
    assert len(entries(shop.id)) == 1


def test_status_machine_table():
    assert can_move("created", "pending") and can_move("pending", "succeeded")
    assert not can_move("refunded", "succeeded") and not can_move("failed", "pending")
    assert can_move("failed", "succeeded") and not can_move("succeeded", "failed")
    with pytest.raises(InvalidTransition):
        check_move("succeeded", "cancelled")


def test_idempotency_key_returns_the_first_payment_and_refuses_a_different_body(shop, make_payment):
    first = make_payment("10.00", key="k1")
    again = make_payment("10.00", key="k1")
    assert again.id == first.id
    with pytest.raises(services.IdempotencyConflict):
        make_payment("11.00", key="k1")


@pytest.mark.parametrize("amount", ["0", "-1.00"])
def test_amount_must_be_positive(shop, make_payment, amount):
    with pytest.raises(services.InvalidPaymentAmount):
        make_payment(amount)


def test_refunds_partial_then_full_and_never_more(shop, make_payment):
    payment = make_payment("100.00")
    with tenant_context(shop.id):
        services.transition(payment.id, "succeeded", source="test")
        services.refund(payment.id, Money.parse("30.00"), provider_ref="re_1", source="test")
        assert services.get(payment.id).status == "partly_refunded"
        again = services.refund(payment.id, Money.parse("30.00"), provider_ref="re_1", source="test")
        assert services.get(payment.id).refunded == 3000  # the same refund id twice counts once
        with pytest.raises(services.RefundTooLarge):
            services.refund(payment.id, Money.parse("70.01"), provider_ref="re_2", source="test")
        services.refund(payment.id, Money.parse("70.00"), provider_ref="re_3", source="test")
        db.session.commit()
        payment = services.get(payment.id)
        assert (payment.status, payment.refunded, payment.refundable) == ("refunded", 10000, 0)
        assert again.provider_ref == "re_1"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Refund)) == 2
        assert verify_balances() == []


def test_refund_of_an_unpaid_payment_is_refused(shop, make_payment):
    payment = make_payment()
    with tenant_context(shop.id), pytest.raises(services.RefundTooLarge):
        services.refund(payment.id, Money.parse("1.00"), provider_ref="re_x", source="test")


def test_hooks_fire_once_per_change_in_the_same_transaction(shop, make_payment):
    seen = []
    hooks.on_payment("hooktest", lambda p, status: seen.append((p.id, status)))
    payment = make_payment(purpose="hooktest:7")
    with tenant_context(shop.id):
        services.transition(payment.id, "succeeded", source="test")
        services.transition(payment.id, "succeeded", source="test")
        db.session.rollback()  # the hook's effects would roll back with the change
    assert seen == [(payment.id, "succeeded")]


def test_another_tenants_payment_is_not_found(shop, make_payment, make_tenant):
    other = make_tenant()
    payment = make_payment()
    with tenant_context(other.id), pytest.raises(services.PaymentNotFound):
        services.transition(payment.id, "succeeded", source="test")


def test_concurrent_success_events_post_exactly_once(app, postgres_only, shop, make_payment):
    payment_id, tenant_id = make_payment("500.00").id, shop.id
    changed: list = []
    outcomes = race(app, tenant_id, 8, lambda _i: services.transition(payment_id, "succeeded", source="race"), changed)
    assert outcomes == {"ok": 8}, outcomes
    assert sorted(changed) == [False] * 7 + [True]
    assert len(entries(tenant_id)) == 1


def test_concurrent_refunds_never_exceed_the_amount(app, postgres_only, shop, make_payment):
    payment_id, tenant_id = make_payment("100.00").id, shop.id
    with tenant_context(tenant_id):
        services.transition(payment_id, "succeeded", source="test")
        db.session.commit()
    outcomes = race(
        app, tenant_id, 6,
        lambda i: services.refund(payment_id, Money.parse("40.00"), provider_ref=f"re_{i}", source="race"),
    )
    assert outcomes == {"ok": 2, "RefundTooLarge": 4}, outcomes
    with tenant_context(tenant_id):
        assert db.session.scalar(sa.select(Payment.refunded).where(Payment.id == payment_id)) == 8000
        assert verify_balances() == []
