"""The household's journey on a 360 × 760 phone in Thai, as the household
member (not staff): log in, find its own page from the first page, see its
coupons, book a time, order, see what is left to pay, open the queue card and
print it (rendered to PDF and read back). Staff open a household's page on its
behalf; staff of another organisation cannot."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.phone import assert_fits, phone_context
from tests.market.orders.conftest import shop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


# Thai above/below marks come back from a PDF as the font's positioned
# variants (private-use code points); compare base letters and digits only.
MARKS = re.compile(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\uf700-\uf8ff]")


def letters(text: str) -> str:
    return MARKS.sub("", text.replace("\u0e33", "\u0e32"))  # sara am comes back as nikhahit + sara aa


def pdf_text(page, size: str) -> str:
    """The page as printed: Chromium's PDF of it, read back as text."""
    data = page.pdf(format=size, print_background=False, prefer_css_page_size=True)
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def test_household_finds_its_page_books_orders_and_prints_its_queue_card(live_server, browser, shop):  # noqa: F811
    shop.coupon()  # 50 baht
    context = phone_context(browser, timeout_ms=15_000, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        _login(page, live_server, shop.hh_user.email)
        assert re.search(rf"/t/{shop.tenant.slug}/?$", page.url)
        page.get_by_role("link", name="ครัวเรือนของฉัน").click()
        page.locator("[data-test=balances]").wait_for()
        assert "฿50.00" in page.locator("[data-test=balance-coupons]").inner_text()
        assert page.locator("[data-test=no-booking]").is_visible()
        assert_fits(page)

        # book: a day, then a time, and the button says so in Thai
        page.locator("[data-test=go-book]").first.click()
        page.locator("[data-test=slot-day][open] .slot-time").first.click()
        book = page.locator("[data-test=book]")
        assert book.inner_text() == "จองเวลานี้"
        assert_fits(page)
        book.click()
        page.locator("[data-test=queue-number]").wait_for()
        queue_number = page.locator("[data-test=queue-number]").inner_text()

        # order 2 kg of rice (20 baht each) and a bottle of oil (40 baht)
        page.get_by_role("link", name="ครัวเรือนของฉัน").click()
        page.locator("[data-test=new-order]").click()
        page.locator(f"[data-test=qty-{shop.rice.id}]").wait_for()  # the order form, not the page left
        assert_fits(page)
        page.fill(f"[data-test=qty-{shop.rice.id}]", "2")
        page.fill(f"[data-test=qty-{shop.oil.id}]", "1")
        page.locator("[data-test=place]").click()
        page.locator("[data-test=status]").wait_for()
        assert "คำสั่งซื้อ เลขที่" in page.locator("h1").inner_text()
        assert_fits(page)

        # the own page: what is left to pay and how, and the booking
        page.get_by_role("link", name="ครัวเรือนของฉัน").first.click()
        page.locator("[data-test=orders]").wait_for()
        assert "฿80.00" in page.locator("[data-test=due]").first.inner_text()
        assert "เงินสดเมื่อมารับสินค้า" in page.locator("[data-test=orders]").inner_text()
        assert queue_number in page.locator("[data-test=booking]").inner_text()
        assert_fits(page)

        # the queue card, on screen and printed (A6)
        page.locator("[data-test=queue-card]").click()
        page.locator("[data-test=queue-number]").wait_for()
        assert_fits(page)
        assert page.locator("[data-test=booking-status]").inner_text() == "จองแล้ว ยังไม่ได้ลงทะเบียนรับคิว"
        printed = pdf_text(page, "A6")
        squeezed = letters(printed)
        for text in ("บัตรคิว", queue_number, "จองแล้ว ยังไม่ได้ลงทะเบียนรับคิว", shop.tenant.name_th):
            assert letters(text) in squeezed, text
        assert re.search(r"\b25\d\d\b", printed)  # the day in the Buddhist Era
        for text in ("booked", "พิมพ์บัตรคิว", "เปลี่ยนเวลาหรือยกเลิกการจอง", "ยกเลิกการจอง", "ออกจากระบบ",
                     "ครัวเรือนของฉัน"):
            assert letters(text) not in squeezed, text
    finally:
        context.close()


def test_staff_open_a_households_page_and_staff_elsewhere_cannot(live_server, browser, shop,  # noqa: F811
                                                                make_tenant, make_member):
    from core.db import db
    from core.tenancy.context import tenant_context
    from market.orders import services
    from tests.market.orders.conftest import place

    shop.coupon()
    with tenant_context(shop.tenant.id):
        order = place(shop, {shop.soap.id: 2})  # 10 baht, paid in cash at the desk
        services.record_cash(order.id, actor_id=shop.staff.id, token="browser-cash-token-0001")
        db.session.commit()
    elsewhere = make_tenant(slug="khok-browser-elsewhere")
    stranger = make_member(elsewhere, "staff")
    base = f"{live_server}/t/{shop.tenant.slug}/market"

    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _login(page, live_server, shop.staff.email)
        page.goto(f"{base}/")
        page.get_by_role("link", name="หน้าของครัวเรือน (ทำแทนครัวเรือน)").click()
        page.fill("input[name=code]", shop.household.code)
        page.locator("[data-test=find]").click()
        page.locator("[data-test=on-behalf]").wait_for()
        assert shop.household.code in page.locator("h1").inner_text()
        assert "฿50.00" in page.locator("[data-test=balance-coupons]").inner_text()
        # the order's receipt from the household's page, printed on A5
        page.locator(f"[data-test=order-{order.id}] a").first.click()
        page.locator("[data-test=receipt-link]").click()
        page.locator("[data-test=order-receipt]").wait_for()
        printed = letters(pdf_text(page, "A5"))
        for text in ("ใบเสร็จรับเงิน", f"คำสั่งซื้อ เลขที่ {order.id}", shop.tenant.name_th, "สบู่"):
            assert letters(text) in printed, text
        for text in ("พิมพ์", "ออกจากระบบ", "English", "Order"):
            assert letters(text) not in printed, text
    finally:
        context.close()

    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _login(page, live_server, stranger.email)
        response = page.goto(f"{base}/households/{shop.household.id}")
        assert response.status == 403
        response = page.goto(f"{live_server}/t/{elsewhere.slug}/market/households/{shop.household.id}")
        assert response.status == 404
        assert page.locator("[data-test=on-behalf]").count() == 0
    finally:
        context.close()
