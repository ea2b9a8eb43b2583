"""The household's own page and the pages it leads to, through the test
client: found from the first page after log-in, coupons and credit, the
booking and queue card, orders with what is left to pay and how; staff open
it on behalf of a household; paying, booking and issuing refuse bad input in
Thai with nothing written."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.payments.models import Payment
from core.tenancy.context import tenant_context
from market.models.coupons import Coupon
from market.models.orders import Order
from market.models.rounds import Booking, Slot
from market.rounds import services as rounds
from tests.core.payments.methods import with_own_promptpay
from tests.market.orders.conftest import place, today

BASE = "/t/khok-orders/market"


def _book(shop, household=None):
    with tenant_context(shop.tenant.id):
        booking = rounds.book(shop.round.id, (household or shop.household).id, shop.slot.id, actor_id=None)
        db.session.commit()
        return booking


def _order(shop, items=None):
    with tenant_context(shop.tenant.id):
        order = place(shop, items or {shop.rice.id: 2, shop.oil.id: 1})  # 2 × 20 + 40 = 80 baht
        db.session.commit()
        return order


def _count(shop, model, *where) -> int:
    with tenant_context(shop.tenant.id):
        n = db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))
        db.session.rollback()
        return n


def test_the_household_finds_its_page_from_the_first_page_and_sees_it_all(shop, client):
    shop.coupon()  # 50 baht
    booking = _book(shop)
    order = _order(shop)
    client.login(shop.hh_user)
    first = client.get(f"/t/{shop.tenant.slug}/").get_data(as_text=True)
    assert f'href="{BASE}/household"' in first and "ครัวเรือนของฉัน" in first
    assert f'href="{BASE}/household"' in client.get(f"{BASE}/").get_data(as_text=True)

    response = client.get(f"{BASE}/household")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "฿50.00" in html.split('data-test="balance-coupons"')[1][:80]
    assert f"/rounds/b/{booking.token}" in html and "จองแล้ว ยังไม่ได้ลงทะเบียนรับคิว" in html
    assert f"คำสั่งซื้อ เลขที่ {order.id}" in html
    assert "ค้างชำระ: ฿80.00" in html and "เงินสดเมื่อมารับสินค้า" in html
    assert "booked" not in html and f"Order {order.id}" not in html
    assert 'data-test="on-behalf"' not in html


def test_an_account_without_a_household_is_told_so(shop, client, make_member):
    lonely = make_member(shop.tenant, "household")
    client.login(lonely)
    response = client.get(f"{BASE}/household")
    assert response.status_code == 200 and 'data-test="not-linked"' in response.get_data(as_text=True)


def test_staff_open_a_households_page_on_its_behalf_audited(shop, client):
    shop.coupon()
    client.login(shop.staff)
    found = client.get(f"{BASE}/households/?code={shop.household.code}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/households/{shop.household.id}")
    html = client.get(f"{BASE}/households/{shop.household.id}").get_data(as_text=True)
    assert 'data-test="on-behalf"' in html and f"ครัวเรือน {shop.household.code}" in html
    assert "฿50.00" in html
    with tenant_context(shop.tenant.id):
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "market.household.open_on_behalf")).one()
        assert (event.actor_user_id, event.target_id) == (shop.staff.id, shop.household.id)
        db.session.rollback()
    # booking on its behalf starts from its page, with its code filled in
    link = f"{BASE}/rounds/{shop.round.id}/book?household_code={shop.household.code}"
    assert link in html
    form = client.get(link).get_data(as_text=True)
    assert f'name="household_code" value="{shop.household.code}"' in form
    booked = client.post(f"{BASE}/rounds/{shop.round.id}/book",
                         data={"household_code": shop.household.code, "slot_id": str(shop.slot.id)})
    assert booked.status_code == 302
    with tenant_context(shop.tenant.id):
        booking = db.session.scalars(sa.select(Booking)).one()
        assert (booking.household_id, booking.booked_by_user_id) == (shop.household.id, shop.staff.id)
        db.session.rollback()
    unknown = client.get(f"{BASE}/households/?code=NO-SUCH-CODE")
    assert unknown.status_code == 404 and "ไม่พบครัวเรือนนี้ในองค์กรนี้" in unknown.get_data(as_text=True)


def test_a_household_cannot_open_another_households_page(shop, client):
    client.login(shop.hh_user)
    assert client.get(f"{BASE}/households/{shop.other.id}").status_code == 403
    assert client.get(f"{BASE}/households/?code={shop.other.code}").status_code == 403


def test_staff_of_another_organisation_cannot_open_the_page(shop, client, make_tenant, make_member,
                                                           make_household):
    elsewhere = make_tenant(slug="khok-elsewhere")
    their_staff = make_member(elsewhere, "staff")
    their_household = make_household(elsewhere)
    client.login(their_staff)
    # through this organisation's address: not a member here
    assert client.get(f"{BASE}/households/{shop.household.id}").status_code == 403
    # through their own organisation's address with this household's number: no such household there
    response = client.get(f"/t/khok-elsewhere/market/households/{shop.household.id}")
    assert response.status_code == 404 and "ไม่พบครัวเรือนนี้ในองค์กรนี้" in response.get_data(as_text=True)
    assert client.get(f"/t/khok-elsewhere/market/households/{their_household.id}").status_code == 200
    with tenant_context(shop.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "market.household.open_on_behalf")) == 0
        db.session.rollback()


def test_without_promptpay_no_promptpay_is_offered_anywhere(shop, client):
    order = _order(shop)
    client.login(shop.hh_user)
    form = client.get(f"{BASE}/orders/new?round={shop.round.id}").get_data(as_text=True)
    assert 'value="promptpay"' not in form
    page = client.get(f"{BASE}/household").get_data(as_text=True)
    assert "pay-promptpay" not in page and "พร้อมเพย์" not in page
    client.post(f"{BASE}/orders/{order.id}/pay", data={"method": "promptpay"})
    assert _count(shop, Payment) == 0


def test_with_promptpay_the_pay_page_shows_the_qr_the_amount_and_the_way_back(shop, client):
    order = _order(shop)
    with_own_promptpay(shop.tenant.id)
    client.login(shop.hh_user)
    form = client.get(f"{BASE}/orders/new?round={shop.round.id}").get_data(as_text=True)
    assert 'value="promptpay"' in form
    page = client.get(f"{BASE}/household").get_data(as_text=True)
    assert f'data-test="pay-promptpay-{order.id}"' in page
    response = client.post(f"{BASE}/orders/{order.id}/pay", data={"method": "promptpay"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/promptpay-qr")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    qr = html.split('data-test="promptpay-qr"')[1]
    assert qr.lstrip().split(">", 1)[1].lstrip().startswith("<svg")
    assert "฿80.00" in html.split('data-test="amount"')[1][:60]
    assert f"คำสั่งซื้อ เลขที่ {order.id}" in html and f"Order {order.id}" not in html
    assert f'href="{BASE}/orders/{order.id}"' in html  # always a way back to the order
    with tenant_context(shop.tenant.id):
        payment = db.session.scalars(sa.select(Payment)).one()
        assert (payment.amount, payment.status) == (8000, "pending")
        db.session.rollback()


def test_paying_a_paid_order_is_refused_in_thai_with_nothing_written(shop, client):
    shop.coupon(value_satang=10000)
    order = _order(shop)
    with_own_promptpay(shop.tenant.id)
    client.login(shop.hh_user)
    assert client.post(f"{BASE}/orders/{order.id}/coupons").status_code == 302
    response = client.post(f"{BASE}/orders/{order.id}/pay", data={"method": "promptpay"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/orders/{order.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in html
    assert _count(shop, Payment) == 0


def test_the_booking_page_shows_days_of_times_and_a_full_slot_is_refused(shop, client):
    with tenant_context(shop.tenant.id):
        base = shop.slot.starts_at
        full = Slot(round_id=shop.round.id, starts_at=base + timedelta(days=1),
                    ends_at=base + timedelta(days=1, minutes=15), capacity=1, booked=0, position=2)
        db.session.add(full)
        db.session.commit()
        full_id = full.id
    with tenant_context(shop.tenant.id):
        rounds.book(shop.round.id, shop.other.id, full_id, actor_id=None)
        db.session.commit()
    client.login(shop.hh_user)
    html = client.get(f"{BASE}/rounds/{shop.round.id}/book").get_data(as_text=True)
    assert html.count('data-test="slot-day"') == 2
    assert "จองเวลานี้" in html and "สมุดบัญชี" not in html
    # a forged post for the full slot: a clear Thai message, nothing written
    response = client.post(f"{BASE}/rounds/{shop.round.id}/book", data={"slot_id": str(full_id)})
    assert response.status_code in (409, 422)
    assert "เต็ม" in response.get_data(as_text=True).split('data-test="error"')[1][:300]
    assert _count(shop, Booking, Booking.household_id == shop.household.id) == 0
    # the free one books, and the queue card reads Thai
    response = client.post(f"{BASE}/rounds/{shop.round.id}/book", data={"slot_id": str(shop.slot.id)})
    assert response.status_code == 302
    card = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "จองแล้ว ยังไม่ได้ลงทะเบียนรับคิว" in card and ">booked<" not in card
    assert shop.tenant.name_th in card and str(today().year + 543) in card


def test_issuing_coupons_ends_on_a_result_page_that_a_refresh_does_not_repeat(shop, client):
    client.login(shop.staff)
    url = f"{BASE}/coupons/programmes/{shop.programme.id}"
    data = {"valid_from": today().isoformat(), "valid_until": (today() + timedelta(days=5)).isoformat()}
    response = client.post(f"{url}/issue", data=data)
    assert response.status_code == 302 and "/issued?" in response.headers["Location"]
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    issued = _count(shop, Coupon)
    assert issued == 2  # both households of the organisation
    assert "ออกคูปองแล้ว 2 ใบ" in result
    assert shop.household.code in result and shop.other.code in result
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ออกคูปองแล้ว 2 ใบ" in again and _count(shop, Coupon) == issued
    second = client.post(f"{url}/issue", data=data)
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "ออกคูปองแล้ว 0 ใบ" in html and "2 ครัวเรือนมีคูปองนี้อยู่แล้ว" in html
    assert _count(shop, Coupon) == issued
    assert _count(shop, Order) == 0
