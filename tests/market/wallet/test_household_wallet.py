"""One household wallet: coupons, store credit and waste-bank credit pay an
order in the order the centre sets; store credit is given and spent with the
same guarantees as the other instruments; a cancelled order gives each back;
the statement lists every movement with balances."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import ValidationError
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.models.catalog import Centre
from market.models.coupons import Coupon
from market.models.wallet import OrderWalletPayment
from market.orders import policies, services, wallet_payment
from market.wallet import errors, instruments, statement, store_credit
from market.wallet import services as waste
from tests.market.orders.conftest import place


def _balances(shop):
    return instruments.balances(shop.household.id)


# --- store credit ------------------------------------------------------------


def test_store_credit_is_given_once_per_key_and_never_overspent(shop, fill):
    h = shop.household.id
    first = fill.store(3000)
    with tenant_context(shop.tenant.id):
        again = store_credit.credit(h, 3000, source="refund", idempotency_key="test-store-1", ref="test")
        assert again.id == first and store_credit.balance(h) == 3000
        with pytest.raises(errors.WalletKeyReused):
            store_credit.credit(h, 2999, source="refund", idempotency_key="test-store-1")
        with pytest.raises(errors.NotEnoughStoreCredit) as caught:
            store_credit.spend(h, 3001, idempotency_key="s-1", service_point_id=None, operator_id=None,
                               ref="x")
        assert "30.00" in str(caught.value)
        spent = store_credit.spend(h, 1000, idempotency_key="s-2", service_point_id=None,
                                   operator_id=None, ref="x")
        assert store_credit.spend(h, 1000, idempotency_key="s-2", service_point_id=None,
                                  operator_id=None, ref="x").id == spent.id  # a retry spends nothing more
        store_credit.reverse_spend(spent.id, reason="order cancelled", actor_id=None)
        with pytest.raises(errors.AlreadyReversed):
            store_credit.reverse_spend(spent.id, reason="again", actor_id=None)
        db.session.commit()
        assert store_credit.balance(h) == 3000
        assert ledger_queries.verify_balances() == []


@pytest.mark.parametrize("amount", ["10", 0, -500, True, 12.5, None])
def test_store_credit_amounts_are_whole_positive_satang(shop, amount):
    with tenant_context(shop.tenant.id):
        with pytest.raises(errors.InvalidCreditAmount):
            store_credit.credit(shop.household.id, amount, source="refund", idempotency_key="bad")
        with pytest.raises(errors.InvalidCreditAmount):
            store_credit.spend(shop.household.id, amount, idempotency_key="bad", service_point_id=None,
                               operator_id=None, ref="x")
        assert store_credit.entries(shop.household.id) == []


def test_store_credit_refuses_unknown_households_and_sources(shop):
    with tenant_context(shop.tenant.id):
        with pytest.raises(ValidationError):
            store_credit.credit(10**9, 100, source="refund", idempotency_key="k1")
        with pytest.raises(ValidationError):
            store_credit.credit(shop.household.id, 100, source="gift", idempotency_key="k2")
        assert store_credit.balance(shop.household.id) == 0


# --- paying an order from the wallet ------------------------------------------


def test_an_order_is_paid_across_instruments_coupons_then_store_then_waste(shop, fill):
    coupon = shop.coupon()  # 50 baht
    fill.store(2000)
    fill.waste(1500)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1, shop.rice.id: 2})  # 40 + 2 × 20 = 80 baht
        db.session.commit()
        paid = wallet_payment.pay_from_wallet(order.id, actor_id=shop.staff.id)
        db.session.commit()
        assert paid == [("coupons", 5000), ("store_credit", 2000), ("waste_credit", 1000)]
        order = services.get(order.id)
        assert (order.coupon_paid, order.credit_paid, order.cash_paid, order.due) == (5000, 3000, 0, 0)
        now = _balances(shop)
        assert (now.coupons, now.store_credit, now.waste_credit) == (0, 0, 500)
        assert db.session.get(Coupon, coupon.id).state == "used"
        # fully paid from the wallet: the goods can be handed over
        services.pack(order.id, actor_id=shop.staff.id)
        services.mark_ready(order.id, actor_id=shop.staff.id)
        assert services.collect(order.id, actor_id=shop.staff.id).status == "collected"
        db.session.commit()
        assert ledger_queries.verify_balances() == []


def test_the_centre_sets_the_order_of_instruments(shop, fill):
    coupon = shop.coupon()
    fill.store(2000)
    fill.waste(3000)
    with tenant_context(shop.tenant.id):
        db.session.get(Centre, shop.centre.id).wallet_order = "waste_credit,store_credit,coupons"
        order = place(shop, {shop.oil.id: 1})  # 40 baht
        db.session.commit()
        paid = wallet_payment.pay_from_wallet(order.id, actor_id=None)
        db.session.commit()
        assert paid == [("waste_credit", 3000), ("store_credit", 1000)]
        assert db.session.get(Coupon, coupon.id).balance_satang == 5000  # untouched
        assert store_credit.balance(shop.household.id) == 1000


def test_what_the_wallet_cannot_cover_stays_due_for_cash(shop, fill):
    fill.store(1500)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1})
        db.session.commit()
        assert wallet_payment.pay_from_wallet(order.id, actor_id=None) == [("store_credit", 1500)]
        db.session.commit()
        assert services.get(order.id).due == 2500
        with pytest.raises(errors.NothingInWallet):
            wallet_payment.pay_from_wallet(order.id, actor_id=None)
        db.session.rollback()
        with pytest.raises(policies.NotPaid):
            services.pack(order.id, actor_id=None)
            services.mark_ready(order.id, actor_id=None)
            services.collect(order.id, actor_id=None)


def test_an_order_paid_or_closed_is_refused_and_nothing_is_spent(shop, fill):
    fill.store(10000)
    with tenant_context(shop.tenant.id):
        paid = place(shop, {shop.soap.id: 1})
        closed = place(shop, {shop.soap.id: 1})
        db.session.commit()
        wallet_payment.pay_from_wallet(paid.id, actor_id=None)
        services.cancel(closed.id, reason="changed mind", actor_id=None)
        db.session.commit()
        with pytest.raises(services.NothingDue):
            wallet_payment.pay_from_wallet(paid.id, actor_id=None)
        with pytest.raises(policies.OrderClosed):
            wallet_payment.pay_from_wallet(closed.id, actor_id=None)
        with pytest.raises(services.OrderNotFound):
            wallet_payment.pay_from_wallet(10**9, actor_id=None)
        db.session.rollback()
        assert store_credit.balance(shop.household.id) == 9500


def test_cancelling_gives_every_instrument_its_value_back(shop, fill):
    coupon = shop.coupon()
    fill.store(2000)
    fill.waste(1500)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1, shop.rice.id: 2})
        db.session.commit()
        wallet_payment.pay_from_wallet(order.id, actor_id=None)
        db.session.commit()
        services.cancel(order.id, reason="household moved away", actor_id=shop.staff.id)
        db.session.commit()
        order = services.get(order.id)
        assert (order.coupon_paid, order.credit_paid) == (0, 0)
        now = _balances(shop)
        assert (now.coupons, now.store_credit, now.waste_credit) == (5000, 2000, 1500)
        assert db.session.get(Coupon, coupon.id).balance_satang == 5000
        assert all(link.reversed_at for link in wallet_payment.payments_of(order.id))
        assert ledger_queries.verify_balances() == []


def test_a_centre_setting_that_is_not_every_instrument_once_is_refused():
    assert instruments.parse_order("store_credit, coupons ,waste_credit") == (
        "store_credit", "coupons", "waste_credit")
    for bad in ("coupons,coupons,waste_credit", "coupons,store_credit", "cash,coupons,waste_credit", 7, ""):
        with pytest.raises(errors.UnknownWalletOrder):
            instruments.parse_order(bad)
    assert len(instruments.choices()) == 6


# --- the statement --------------------------------------------------------------


def test_the_statement_lists_every_movement_with_running_balances(shop, fill):
    shop.coupon()
    fill.store(2000)
    fill.waste(1500)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.oil.id: 1, shop.rice.id: 2})
        db.session.commit()
        wallet_payment.pay_from_wallet(order.id, actor_id=None)
        services.cancel(order.id, reason="again", actor_id=None)
        db.session.commit()
        got = statement.statement(shop.household.id)
        moves = [(m.instrument, m.what, m.amount) for m in got.movements]
        assert moves == [
            ("coupons", "coupon_issued", 5000),
            ("store_credit", "store_credit_refund", 2000),
            ("waste_credit", "waste_deposit", 1500),
            ("coupons", "coupon_spent", -5000),
            ("store_credit", "store_credit_spend", -2000),
            ("waste_credit", "waste_spend", -1000),
            ("coupons", "coupon_reversed", 5000),
            ("store_credit", "store_credit_reversal", 2000),
            ("waste_credit", "waste_reversal", 1000),
        ]
        assert [m.total for m in got.movements] == [5000, 7000, 8500, 3500, 1500, 500, 5500, 7500, 8500]
        now = _balances(shop)
        assert got.balances == {"coupons": now.coupons, "store_credit": now.store_credit,
                                "waste_credit": now.waste_credit}


def test_an_expired_or_cancelled_coupon_leaves_the_statement(shop):
    from market.coupons import issuing

    coupon = shop.coupon()
    with tenant_context(shop.tenant.id):
        issuing.cancel(coupon.id, reason="issued by mistake", actor_id=shop.staff.id)
        db.session.commit()
        got = statement.statement(shop.household.id)
        assert [(m.what, m.amount, m.total) for m in got.movements] == [
            ("coupon_issued", 5000, 5000), ("coupon_cancelled", -5000, 0)]
        assert got.total == 0 == instruments.balances(shop.household.id).total


# --- pages ------------------------------------------------------------------------

BASE = "/t/khok-orders/market"


def test_a_household_pays_its_order_from_its_wallet_and_reads_its_statement(shop, fill, client, make_client):
    fill.store(2000)
    with tenant_context(shop.tenant.id):
        order_id = place(shop, {shop.oil.id: 1}).id
        other_order = place(shop, {shop.oil.id: 1}, household=shop.other).id
        db.session.commit()
    client.login(shop.hh_user)
    page = client.get(f"{BASE}/orders/{order_id}").get_data(as_text=True)
    assert 'data-test="pay-wallet"' in page and "เครดิตร้านค้า" in page
    r = client.post(f"{BASE}/orders/{order_id}/wallet", follow_redirects=True)
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and "ชำระจากกระเป๋าเงินแล้ว" in text and 'data-test="credit-paid"' in text
    r = client.post(f"{BASE}/orders/{order_id}/wallet", follow_redirects=True)
    assert "ไม่มีอะไรในกระเป๋าเงินของครัวเรือนนี้" in r.get_data(as_text=True)
    assert client.post(f"{BASE}/orders/{other_order}/wallet").status_code == 404  # not its order
    mine = client.get(f"{BASE}/wallet/mine")
    body = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "data-print" in body
    assert body.count('data-test="movement"') == 2 and "฿20.00" in body
    assert client.get(f"{BASE}/wallet/households/{shop.other.id}/statement").status_code == 403
    with tenant_context(shop.tenant.id):
        assert services.get(order_id).credit_paid == 2000 and services.get(other_order).credit_paid == 0


def test_staff_read_any_households_statement_without_its_private_details(shop, fill, client):
    from core.registry.models import Household

    fill.waste(1200)
    with tenant_context(shop.tenant.id):
        head = db.session.get(Household, shop.household.id).head
        head.phone = "+66812345678"
        db.session.commit()
    client.login(shop.staff)
    r = client.get(f"{BASE}/wallet/households/{shop.household.id}/statement")
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and "฿12.00" in body and 'data-test="balance-total"' in body
    assert "812345678" not in body
    assert client.get(f"{BASE}/wallet/households/{10**9}/statement").status_code == 404


def test_the_centre_form_keeps_its_queue_and_wallet_settings_or_says_why_not(shop, client):
    client.login(shop.staff)
    url = f"{BASE}/centres/{shop.centre.id}/edit"
    base = {"name": "ศูนย์ทดสอบ", "active": "y"}
    r = client.post(url, data={**base, "checkin_before_minutes": "1000", "wallet_order": "coupons,coupons"})
    body = r.get_data(as_text=True)
    assert r.status_code == 422 and "0 ถึง 720 นาที" in body
    r = client.post(url, data={**base, "checkin_before_minutes": "30", "wallet_order": "coupons,coupons"})
    assert r.status_code == 422 and "เลือกลำดับที่กระเป๋าเงินใช้ชำระ" in r.get_data(as_text=True)
    with tenant_context(shop.tenant.id):
        centre = db.session.get(Centre, shop.centre.id)
        assert (centre.checkin_before_minutes, centre.wallet_order) == (120, "coupons,store_credit,waste_credit")
    r = client.post(url, data={**base, "checkin_before_minutes": "30", "checkin_after_minutes": "0",
                               "wallet_order": "store_credit,waste_credit,coupons"})
    assert r.status_code == 302
    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        centre = db.session.get(Centre, shop.centre.id)
        assert (centre.checkin_before_minutes, centre.checkin_after_minutes, centre.wallet_order) == (
            30, 0, "store_credit,waste_credit,coupons")
    page = client.get(f"{BASE}/centres/{shop.centre.id}").get_data(as_text=True)
    assert "ตั้งแต่ 30 นาทีก่อนเริ่มช่วงเวลา" in page and "เครดิตร้านค้า → เครดิตธนาคารขยะ → คูปอง" in page


def test_wallet_spends_are_recorded_per_instrument(shop, fill):
    fill.store(500)
    fill.waste(500)
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 2})  # 10 baht
        db.session.commit()
        wallet_payment.pay_from_wallet(order.id, actor_id=None)
        db.session.commit()
        links = wallet_payment.payments_of(order.id)
        assert [(x.instrument, x.amount) for x in links] == [("store_credit", 500), ("waste_credit", 500)]
        assert links[0].store_credit_entry_id and links[1].wallet_entry_id
        assert waste.balance(shop.household.id) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OrderWalletPayment)) == 2


def test_the_api_pays_from_the_wallet_and_reads_it_for_the_household_only(shop, fill, client, make_client):
    fill.store(1000)
    with tenant_context(shop.tenant.id):
        order_id = place(shop, {shop.oil.id: 1}).id
        db.session.commit()
    api = "/api/v1/t/khok-orders/market"
    client.login(shop.hh_user)
    r = client.post(f"{api}/orders/{order_id}/wallet")
    assert r.status_code == 200 and r.get_json()["paid"] == [{"instrument": "store_credit", "amount": 1000}]
    assert r.get_json()["due"] == 3000
    r = client.post(f"{api}/orders/{order_id}/wallet")
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "wallet_nothing_to_pay"
    wallet = client.get(f"{api}/households/{shop.household.id}/wallet").get_json()
    assert wallet["balances"]["store_credit"] == 0 and [m["amount"] for m in wallet["movements"]] == [1000, -1000]
    assert client.get(f"{api}/households/{shop.other.id}/wallet").status_code == 404
    other = make_client().login(shop.other_user)
    assert other.post(f"{api}/orders/{order_id}/wallet").status_code == 404


def test_a_coupon_not_valid_yet_is_not_in_the_wallet(shop):
    from datetime import timedelta

    from market.coupons import issuing
    from tests.market.orders.conftest import today

    with tenant_context(shop.tenant.id):
        issuing.issue_round(shop.programme.id, round_id=None, valid_from=today() + timedelta(days=3),
                            valid_until=today() + timedelta(days=10), actor_id=shop.staff.id,
                            household_ids=[shop.household.id])
        db.session.commit()
        got = statement.statement(shop.household.id)
        assert got.movements == [] and got.total == 0 == instruments.balances(shop.household.id).total
