"""Every baht paid once: one open online payment per order (second click,
real concurrent starts), money that still arrives for a settled order is an
overpayment with a refund path, never absorbed silently."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.payments import services as payments
from core.payments.models import Payment
from core.payments.overpayments import services as overpayments
from core.payments.overpayments.models import Overpayment
from core.payments.promptpay import gateway as promptpay_gateway
from core.payments.receipts.models import Receipt
from core.tenancy.context import tenant_context
from market.orders import services
from tests.core.payments.methods import with_own_promptpay, with_stripe
from tests.core.payments.test_stripe_gateway import configure, stub  # noqa: F401  (fixture)
from tests.core.payments.test_stripe_webhook import deliver, event, intent
from tests.market.orders.conftest import place
from tests.race import race


def _open(order) -> list[Payment]:
    return list(db.session.scalars(sa.select(Payment).where(
        Payment.purpose == order.purpose, Payment.status.in_(("created", "pending"))).order_by(Payment.id)))


def _ledger_ok():
    assert ledger_queries.trial_balance().balanced
    assert ledger_queries.verify_balances() == []


def test_a_second_click_reuses_the_open_payment_and_another_method_cancels_it(shop):
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        first = services.start_payment(order.id, "card", actor_id=shop.hh_user.id)
        again = services.start_payment(order.id, "card", actor_id=shop.hh_user.id)
        db.session.commit()
        assert again.id == first.id and [p.id for p in _open(order)] == [first.id]
        qr = services.start_payment(order.id, "promptpay", actor_id=shop.hh_user.id)
        db.session.commit()
        assert [p.id for p in _open(order)] == [qr.id]
        assert db.session.get(Payment, first.id).status == "cancelled"


def test_two_starts_at_once_leave_one_open_payment(app, shop, postgres_only):
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        db.session.commit()
        order_id, tenant_id = order.id, shop.tenant.id

    for methods in (("card", "card", "card", "card"), ("card", "promptpay", "card", "promptpay")):
        outcomes = race(app, tenant_id, len(methods),
                        lambda i, m=methods: services.start_payment(order_id, m[i], actor_id=None))
        assert outcomes["ok"] == len(methods), outcomes
        with tenant_context(tenant_id):
            db.session.expire_all()
            assert len(_open(services.get(order_id))) == 1


def test_own_promptpay_then_card_the_second_money_is_an_overpayment_refunded_with_a_receipt(shop):
    """The reported case: the QR was shown, then the payer chose card and paid;
    the QR money arrived too. It is not booked silently: it is an overpayment
    refunded by hand with a numbered refund receipt."""
    with_own_promptpay(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        qr = services.start_payment(order.id, "promptpay", actor_id=shop.hh_user.id)
        promptpay_gateway.GATEWAY.start(qr, tenant=shop.tenant)
        db.session.commit()
    with_stripe(shop.tenant.id)  # the organisation adds card payments meanwhile
    with tenant_context(shop.tenant.id):
        card = services.start_payment(order.id, "card", actor_id=shop.hh_user.id)
        assert db.session.get(Payment, qr.id).status == "cancelled"
        payments.transition(card.id, "succeeded", source="test")  # Stripe confirms the card
        db.session.commit()
        assert services.get(order.id).due == 0 and overpayments.of_purpose(order.purpose) == []
        # staff then see the QR money in the bank app and confirm it
        promptpay_gateway.confirm_by_staff(qr.id, "BAY 0042", actor_id=shop.staff.id)
        db.session.commit()
        order = services.get(order.id)
        assert (order.cash_paid, order.due) == (4000, 0)
        [over] = overpayments.of_purpose(order.purpose)
        assert (over.payment_id, over.amount, over.reason, over.status) == (qr.id, 4000, "already_paid", "open")
        _ledger_ok()
        overpayments.refund(over.id, tenant=shop.tenant, actor_id=shop.staff.id)
        db.session.commit()
        over = overpayments.get(over.id)
        slip = db.session.get(Receipt, over.receipt_id)
        assert over.status == "refunded" and slip.book == "refund" and slip.amount == 4000
        assert slip.issued_by_user_id == shop.staff.id and slip.display_number.startswith("REFUND-")
        assert db.session.get(Payment, qr.id).status == "refunded"
        assert services.get(order.id).cash_paid == 4000  # the card payment still pays the order
        _ledger_ok()
        try:
            overpayments.refund(over.id, tenant=shop.tenant, actor_id=shop.staff.id)
        except overpayments.OverpaymentResolved:
            db.session.rollback()
        else:
            raise AssertionError("refunded twice")


def test_duplicate_webhooks_for_a_settled_order_open_one_overpayment_refunded_through_stripe(
        shop, client, stub):  # noqa: F811
    configure(shop.tenant)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        first = services.start_payment(order.id, "card", actor_id=None)
        second = services.start_payment(order.id, "promptpay", actor_id=None)  # cancels the first
        db.session.commit()
    assert deliver(client, event("evt_a", "payment_intent.succeeded", intent(second))).status_code == 200
    # the payer finished the first checkout too: a different payment for a settled order
    r = deliver(client, event("evt_b", "payment_intent.succeeded", intent(first)))
    assert r.status_code == 200 and r.get_json()["outcome"] == "applied"
    assert deliver(client, event("evt_b", "payment_intent.succeeded", intent(first))).get_json()["outcome"] == \
        "duplicate"
    assert deliver(client, event("evt_c", "payment_intent.succeeded", intent(first))).status_code == 200
    with tenant_context(shop.tenant.id):
        assert services.get(order.id).cash_paid == 4000
        [over] = db.session.scalars(sa.select(Overpayment)).all()
        assert (over.payment_id, over.amount) == (first.id, 4000)
        overpayments.refund(over.id, tenant=shop.tenant, actor_id=shop.staff.id)
        db.session.commit()
        assert [r["path"] for r in stub.requests if r["method"] == "POST"][-1] == "/v1/refunds"
        assert stub.requests[-1]["body"]["amount"] == "4000"
        assert payments.get(first.id).status == "refunded"
        assert overpayments.get(over.id).receipt_id is None  # Stripe's own refund, no slip to sign
        _ledger_ok()


def test_overpayments_page_refunds_once(shop, client, make_member, stub):  # noqa: F811
    admin = make_member(shop.tenant, "admin")
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        first = services.start_payment(order.id, "card", actor_id=None)
        services.record_cash(order.id, actor_id=shop.staff.id, token="cash-token-00000001")
        payments.transition(first.id, "succeeded", source="test", provider_ref="pi_3QstubPromptPay01")  # paid anyway
        db.session.commit()
        over = overpayments.for_payment(first.id)
        assert over is not None and over.amount == 4000
    client.login(shop.staff)
    assert client.post(f"/t/khok-orders/payments/overpayments/{over.id}/refund").status_code == 403
    page = client.get(f"/t/khok-orders/market/orders/{order.id}")
    assert 'data-test="overpaid"' in page.text
    client.login(admin)
    assert f'data-overpayment="{over.id}"' in client.get("/t/khok-orders/payments/overpayments/").text
    assert client.post(f"/t/khok-orders/payments/overpayments/{over.id}/refund").status_code == 302
    again = client.post(f"/t/khok-orders/payments/overpayments/{over.id}/refund", follow_redirects=True)
    assert again.status_code == 200
    with tenant_context(shop.tenant.id):
        assert payments.get(first.id).refunded == 4000


def test_an_overpayment_refunded_another_way_is_closed_and_not_refunded_twice(shop, stub):  # noqa: F811
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        first = services.start_payment(order.id, "card", actor_id=None)
        services.record_cash(order.id, actor_id=shop.staff.id, token="cash-token-00000002")
        payments.transition(first.id, "succeeded", source="test", provider_ref="pi_3QstubPromptPay01")
        db.session.commit()
        over = overpayments.for_payment(first.id)
        # refunded from the payment's own page (or Stripe's dashboard) instead
        from core.money import Money

        payments.refund(first.id, Money(4000), provider_ref="re_dashboard_1", source="webhook:evt_x")
        db.session.commit()
        over = overpayments.get(over.id)
        assert over.status == "refunded" and over.refund_id is not None
        try:
            overpayments.refund(over.id, tenant=shop.tenant, actor_id=shop.staff.id)
        except overpayments.OverpaymentResolved:
            db.session.rollback()
        else:
            raise AssertionError("refunded twice")
        assert payments.get(first.id).refunded == 4000
        _ledger_ok()


def _overpaid_order(shop):
    """An order paid twice (cash at the desk, then the card anyway): 40 baht overpaid."""
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        card = services.start_payment(order.id, "card", actor_id=None)
        services.record_cash(order.id, actor_id=shop.staff.id, token="cash-token-00000002")
        payments.transition(card.id, "succeeded", source="test", provider_ref="pi_3QstubKeepCredit01")
        db.session.commit()
        over = overpayments.for_payment(card.id)
        assert over is not None and over.amount == 4000
        return order, over


def test_an_overpayment_kept_as_store_credit_is_in_the_wallet_once(shop, client):
    """The household may keep money it overpaid as store credit (one wallet):
    the credit is in its statement, the overpayment is closed, a second press
    or a refund afterwards changes nothing, and the books balance."""
    from market.orders import overpaid
    from market.wallet import store_credit

    order, over = _overpaid_order(shop)
    client.login(shop.staff)
    page = client.get(f"/t/khok-orders/market/orders/{order.id}").text
    assert 'data-test="keep-as-credit"' in page
    url = f"/t/khok-orders/market/orders/{order.id}/overpayments/{over.id}/store-credit"
    assert client.post(url).status_code == 302
    again = client.post(url, follow_redirects=True)
    assert again.status_code == 200 and "เก็บเป็นเครดิต" in again.text
    with tenant_context(shop.tenant.id):
        assert store_credit.balance(order.household_id) == 4000
        assert overpayments.get(over.id).status == "credited"
        try:
            overpayments.refund(over.id, tenant=shop.tenant, actor_id=shop.staff.id)
        except overpayments.OverpaymentResolved:
            db.session.rollback()
        else:
            raise AssertionError("kept as credit and refunded too")
        try:
            overpaid.keep_as_store_credit(services.get(order.id), over.id, actor_id=shop.staff.id)
        except overpayments.OverpaymentResolved:
            db.session.rollback()
        else:
            raise AssertionError("credited twice")
        assert store_credit.balance(order.household_id) == 4000
        _ledger_ok()


def test_an_overpayment_of_another_order_cannot_be_kept_through_this_one(shop, client):
    order, over = _overpaid_order(shop)
    with tenant_context(shop.tenant.id):
        other = place(shop, {shop.oil.id: 1})
        db.session.commit()
    client.login(shop.staff)
    client.post(f"/t/khok-orders/market/orders/{other.id}/overpayments/{over.id}/store-credit")
    with tenant_context(shop.tenant.id):
        assert overpayments.get(over.id).status == "open"


def test_two_presses_at_once_keep_one_credit(app, shop, postgres_only):
    from market.orders import overpaid
    from market.wallet import store_credit

    order, over = _overpaid_order(shop)
    outcomes = race(app, shop.tenant.id, 4, lambda i: overpaid.keep_as_store_credit(
        services.get(order.id), over.id, actor_id=shop.staff.id))
    assert outcomes["ok"] == 1 and outcomes["OverpaymentResolved"] == 3, outcomes
    with tenant_context(shop.tenant.id):
        assert store_credit.balance(order.household_id) == 4000
