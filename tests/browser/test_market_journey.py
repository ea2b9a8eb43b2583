"""The household journey in headless Chromium: a household books a slot,
orders goods, pays with its coupon (cash for the rest at pickup); staff check
it in, take the cash, pack and hand over the goods."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from tests.market.orders.conftest import shop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_household_books_orders_pays_and_collects(live_server, browser, shop):  # noqa: F811
    from market.models.orders import Order
    from market.models.rounds import Booking
    from market.orders import services

    coupon = shop.coupon()  # 50 baht
    base = f"{live_server}/t/{shop.tenant.slug}/market"

    household = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    household.set_default_timeout(15_000)
    page = household.new_page()
    try:
        _login(page, live_server, shop.hh_user.email)
        # book a slot
        page.goto(f"{base}/rounds/{shop.round.id}/book")
        page.locator(f"input[name=slot_id][value='{shop.slot.id}']").check()
        page.locator("main form button[type=submit]").click()
        page.locator("[data-test=queue-number]").wait_for()
        # order: 2 kg rice (20 baht each) and a bottle of oil (40 baht) = 80 baht
        page.goto(f"{base}/orders/new?round={shop.round.id}")
        page.fill(f"[data-test=qty-{shop.rice.id}]", "2")
        page.fill(f"[data-test=qty-{shop.oil.id}]", "1")
        page.locator("[data-test=place]").click()
        page.locator("[data-test=status]").wait_for()
        assert "80.00" in page.locator("[data-test=total]").inner_text()
        # coupons first: the 50-baht coupon pays, 30 baht left for cash at pickup
        page.locator("[data-test=pay-coupons]").click()
        page.wait_for_load_state()
        assert "50.00" in page.locator("[data-test=coupon-paid]").inner_text()
        assert "30.00" in page.locator("[data-test=due]").inner_text()
        order_url = page.url
    finally:
        household.close()

    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        order = db.session.scalar(sa.select(Order))
        booking = db.session.scalar(sa.select(Booking))
        assert order.household_id == shop.household.id and order.slot_id == shop.slot.id
        assert order.coupon_paid == 5000 and coupon.id == order.coupons[0].coupon_id
        token = booking.token

    staff = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    staff.set_default_timeout(15_000)
    page = staff.new_page()
    try:
        _login(page, live_server, shop.staff.email)
        # the booking's QR opens the check-in page for staff
        page.goto(f"{base}/rounds/b/{token}")
        page.locator("[data-test=check-in] button[type=submit]").click()
        page.wait_for_load_state()
        # cash for the rest, pack, ready, collected
        page.goto(order_url)
        page.locator("[data-test=pay-cash]").click()
        page.wait_for_load_state()
        assert "0.00" in page.locator("[data-test=due]").inner_text()
        for target in ("packed", "ready"):
            page.locator(f"[data-test=move-{target}]").click()
            page.wait_for_load_state()
        page.locator("[data-test=collect]").click()
        page.wait_for_load_state()
        page.locator("[data-test=receipt-link]").click()
        assert re.search(r"25\d\d/000001", page.locator("[data-test=order-receipt]").inner_text())
    finally:
        staff.close()

    with tenant_context(shop.tenant.id):
        db.session.expire_all()
        order = services.get(order.id)
        assert (order.status, order.coupon_paid, order.cash_paid) == ("collected", 5000, 3000)
        assert db.session.scalar(sa.select(Booking.status)) in ("checked_in", "collected")
