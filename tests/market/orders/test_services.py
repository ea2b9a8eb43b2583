"""Placing, paying, moving and cancelling orders, on the real database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import DomainError, NotFound
from core.ledger import queries as ledger_queries
from core.ledger.models import Account
from core.payments.models import Payment
from core.payments.receipts.models import Receipt
from core.registry.queries import household_of_user
from core.tenancy.context import tenant_context
from market.models.orders import Order, OrderLine, OrderQuota
from market.orders import policies, services
from tests.core.payments.methods import with_own_promptpay, with_stripe
from tests.market.orders.conftest import available, place


def _ledger_ok():
    tb = ledger_queries.trial_balance()
    assert tb.balanced
    assert ledger_queries.verify_balances() == []


def _cash_balance() -> int:
    account = db.session.scalar(sa.select(Account).where(Account.book == "general", Account.code == "1010"))
    return account.balance if account else 0


def test_place_snapshots_round_prices_and_reserves_stock(shop):
    from market.models.rounds import RoundOffer

    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 2, shop.oil.id: 1})
        db.session.commit()
        assert order.status == "placed" and order.total == 2 * 2000 + 4000
        assert [(x.item_id, x.quantity, x.unit_price, x.amount) for x in order.lines] == [
            (shop.rice.id, 2, 2000, 4000), (shop.oil.id, 1, 4000, 4000)]
        assert order.lines[0].item_name_th == "ข้าวสาร"
        assert available(shop, shop.rice) == 98 and available(shop, shop.oil) == 49
        offer = db.session.scalar(sa.select(RoundOffer).where(RoundOffer.item_id == shop.rice.id))
        offer.price_satang = 9999
        db.session.commit()
        line = db.session.scalar(sa.select(OrderLine).where(OrderLine.order_id == order.id,
                                                            OrderLine.item_id == shop.rice.id))
        assert line.unit_price == 2000


def test_limit_counts_the_households_other_orders(shop):
    with tenant_context(shop.tenant.id):
        place(shop, {shop.rice.id: 2})
        db.session.commit()
        with pytest.raises(policies.OverLimit) as exc:
            place(shop, {shop.rice.id: 2})
        db.session.rollback()
        assert "3" in str(exc.value) and "2" in str(exc.value)
        place(shop, {shop.rice.id: 1})  # exactly the limit
        db.session.commit()
        place(shop, {shop.rice.id: 3}, household=shop.other)  # another household has its own limit
        db.session.commit()
        assert available(shop, shop.rice) == 94


def test_item_limit_applies_when_tighter(shop):
    from market.models.catalog import Item

    with tenant_context(shop.tenant.id):
        db.session.get(Item, shop.oil.id).limit_per_household = 1
        db.session.commit()
        with pytest.raises(policies.OverLimit):
            place(shop, {shop.oil.id: 2})
        db.session.rollback()
        assert available(shop, shop.oil) == 50


def test_all_or_nothing_when_one_line_lacks_stock(shop):
    from market.stock.errors import NotEnoughStock

    with tenant_context(shop.tenant.id):
        with pytest.raises(NotEnoughStock):
            place(shop, {shop.rice.id: 2, shop.oil.id: 1, shop.soap.id: 21})
        db.session.rollback()
        assert available(shop, shop.rice) == 100 and available(shop, shop.oil) == 50
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
        assert db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(OrderQuota.ordered), 0))) == 0


def test_all_or_nothing_inside_a_longer_transaction(shop):
    """The savepoint undoes a refused placement even if the caller goes on."""
    from market.stock.errors import NotEnoughStock

    with tenant_context(shop.tenant.id):
        with pytest.raises(NotEnoughStock):
            place(shop, {shop.rice.id: 2, shop.soap.id: 21})
        db.session.commit()
        assert available(shop, shop.rice) == 100
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0


@pytest.mark.parametrize("quantity", [0, -1, "abc", "1.5", "", 10_001, True, None])
def test_bad_quantities_write_nothing(shop, quantity):
    with tenant_context(shop.tenant.id):
        with pytest.raises(policies.InvalidQuantity):
            place(shop, {shop.rice.id: quantity})
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
        assert available(shop, shop.rice) == 100


def test_refusals_are_specific(shop, make_tenant, make_household):
    from market.models.catalog import Item
    from market.models.rounds import Round

    stranger = make_household(make_tenant())
    with tenant_context(shop.tenant.id):
        extra = Item(name_th="ไม่ได้ขาย", unit="x", price_satang=100)
        db.session.add(extra)
        db.session.commit()
        with pytest.raises(policies.NotOffered):
            place(shop, {extra.id: 1})
        with pytest.raises(policies.EmptyOrder):
            place(shop, {})
        with pytest.raises(services.HouseholdNotFound):
            place(shop, {shop.rice.id: 1}, household=stranger)
        with pytest.raises(services.UnknownFulfilment):
            place(shop, {shop.rice.id: 1}, fulfilment="teleport")
        db.session.get(Round, shop.round.id).status = "closed"
        db.session.flush()
        with pytest.raises(services.RoundNotOpen):
            place(shop, {shop.rice.id: 1})
        db.session.rollback()


def test_coupon_first_then_cash_at_pickup(shop):
    from market.models.coupons import Coupon
    from market.models.stock import StockLevel

    coupon = shop.coupon()  # 50 baht
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 2, shop.oil.id: 1})  # 80 baht
        db.session.commit()
        used = services.pay_with_coupons(order.id, actor_id=shop.staff.id)
        db.session.commit()
        assert [(x.coupon_id, x.amount) for x in used] == [(coupon.id, 5000)]
        order = services.get(order.id)
        assert (order.coupon_paid, order.cash_paid, order.due) == (5000, 0, 3000)
        assert db.session.get(Coupon, coupon.id).balance_satang == 0
        with pytest.raises(services.NoUsableCoupon):
            services.pay_with_coupons(order.id, actor_id=shop.staff.id)  # the coupon is spent
        db.session.rollback()
        services.pack(order.id, actor_id=shop.staff.id)
        services.mark_ready(order.id, actor_id=shop.staff.id)
        db.session.commit()
        with pytest.raises(policies.NotPaid):
            services.collect(order.id, actor_id=shop.staff.id)
        db.session.rollback()
        services.record_cash(order.id, actor_id=shop.staff.id, token="order-cash-token-0001")
        db.session.commit()
        assert services.get(order.id).due == 0 and _cash_balance() == 3000
        receipt = services.receipts_of(services.get(order.id))[0]
        assert receipt.amount == 3000 and receipt.display_number.endswith("/000001")
        services.collect(order.id, actor_id=shop.staff.id, collected_by_name="ลูกสาว")
        db.session.commit()
        order = services.get(order.id)
        assert order.status == "collected" and order.collected_by_name == "ลูกสาว"
        level = db.session.scalar(sa.select(StockLevel).where(StockLevel.item_id == shop.rice.id))
        assert (level.on_hand, level.reserved) == (98, 0)
        _ledger_ok()


def test_double_cash_submit_records_once(shop):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 2})
        db.session.commit()
        services.record_cash(order.id, actor_id=shop.staff.id, token="same-token-000000001")
        db.session.commit()
        with pytest.raises(services.NothingDue):
            services.record_cash(order.id, actor_id=shop.staff.id, token="same-token-000000001")
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1


def test_coupon_for_other_items_is_not_used(shop):
    coupon = shop.coupon(value_satang=10000, allowed_item_ids=[shop.soap.id])
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 1, shop.soap.id: 2})  # 20 + 10 baht
        db.session.commit()
        used = services.pay_with_coupons(order.id, actor_id=shop.staff.id)
        db.session.commit()
        assert [(x.coupon_id, x.amount) for x in used] == [(coupon.id, 1000)]
        assert services.get(order.id).due == 2000


def test_cancel_restores_stock_coupon_quota_and_ledger(shop):
    from market.models.coupons import Coupon

    coupon = shop.coupon()
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.rice.id: 3, shop.oil.id: 1})  # 100 baht
        db.session.commit()
        services.pay_with_coupons(order.id, actor_id=shop.staff.id)
        services.record_cash(order.id, actor_id=shop.staff.id, token="cancel-test-token-01")
        services.pack(order.id, actor_id=shop.staff.id)
        db.session.commit()
        assert _cash_balance() == 5000 and available(shop, shop.rice) == 97
        with pytest.raises(services.CancelNeedsReason):
            services.cancel(order.id, reason="  ", actor_id=shop.staff.id)
        db.session.rollback()
        services.cancel(order.id, reason="ครอบครัวย้ายออก", actor_id=shop.staff.id)
        db.session.commit()
        order = services.get(order.id)
        assert order.status == "cancelled" and order.paid == 0
        assert available(shop, shop.rice) == 100 and available(shop, shop.oil) == 50
        assert db.session.get(Coupon, coupon.id).balance_satang == 5000
        assert _cash_balance() == 0
        receipt = db.session.scalar(sa.select(Receipt))
        assert receipt.voided and receipt.void_reason == "ครอบครัวย้ายออก"
        _ledger_ok()
        place(shop, {shop.rice.id: 3})  # the quota came back too
        db.session.commit()
        with pytest.raises(policies.OrderClosed):
            services.cancel(order.id, reason="again", actor_id=shop.staff.id)
        db.session.rollback()


@pytest.mark.parametrize(
    ("steps", "target", "error"),
    [((), "ready", policies.InvalidTransition), ((), "collected", policies.InvalidTransition),
     (("packed",), "delivered", policies.InvalidTransition), (("packed",), "packed", policies.InvalidTransition),
     (("cancelled",), "packed", policies.OrderClosed)],
)
def test_invalid_transitions_are_refused(shop, steps, target, error):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 1})
        for step in steps:
            if step == "cancelled":
                services.cancel(order.id, reason="test", actor_id=None)
            else:
                services.move(order.id, step, actor_id=None)
        db.session.commit()
        before = services.get(order.id).status
        with pytest.raises(error):
            services.move(order.id, target, actor_id=None)
        db.session.rollback()
        assert services.get(order.id).status == before


def test_collected_order_cannot_be_cancelled(shop):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 1})
        services.record_cash(order.id, actor_id=None, token="collected-token-0001")
        for step in ("packed", "ready"):
            services.move(order.id, step, actor_id=None)
        services.collect(order.id, actor_id=None)
        db.session.commit()
        with pytest.raises(policies.OrderClosed):
            services.cancel(order.id, reason="late", actor_id=None)
        db.session.rollback()


def test_promptpay_payment_settles_the_order_through_the_hook(shop):
    from core.payments import services as payments

    with_own_promptpay(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1}, rest_method="promptpay")
        db.session.commit()
        payment = services.start_payment(order.id, "promptpay", actor_id=shop.hh_user.id)
        again = services.start_payment(order.id, "promptpay", actor_id=shop.hh_user.id)
        db.session.commit()
        assert again.id == payment.id and payment.purpose == f"market.order:{order.id}"
        assert payment.amount == 4000 and payment.ref1 == f"ORD{order.id}"
        payments.transition(payment.id, "succeeded", source="test")
        db.session.commit()
        order = services.get(order.id)
        assert order.cash_paid == 4000 and order.due == 0
        assert len(services.receipts_of(order)) == 1
        services.cancel(order.id, reason="changed mind", actor_id=shop.staff.id)
        db.session.commit()
        # money taken through Stripe goes back through Stripe: flagged, not booked yet
        assert db.session.get(Payment, payment.id).status == "succeeded"
        assert services.get(order.id).cash_paid == 4000
        from core.audit.models import AuditEvent

        assert db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "market.order.refund_needed"))
        from core.money import Money

        payments.refund(payment.id, Money(4000), provider_ref="re_test_1", source="test")
        db.session.commit()
        assert services.get(order.id).cash_paid == 0
        assert db.session.get(Payment, payment.id).status == "refunded"
        _ledger_ok()


def test_cancel_cancels_an_open_payment(shop):
    with_stripe(shop.tenant.id)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        payment = services.start_payment(order.id, "card", actor_id=None)
        services.cancel(order.id, reason="no", actor_id=None)
        db.session.commit()
        assert db.session.get(Payment, payment.id).status == "cancelled"


def test_other_tenant_order_is_not_found(shop, make_tenant):
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 1})
        db.session.commit()
    with tenant_context(make_tenant().id):
        with pytest.raises(NotFound):
            services.get(order.id)


def test_household_of_user(shop):
    with tenant_context(shop.tenant.id):
        assert household_of_user(shop.hh_user.id) == shop.household.id
        assert household_of_user(shop.staff.id) is None


def test_domain_errors_are_domain_errors():
    assert issubclass(policies.OverLimit, DomainError)
