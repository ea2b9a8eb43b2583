"""Staff scan with the phone's camera, on a 360 × 760 phone in Thai: Chromium
films a QR code made here with the project's QR library (a fake camera), the
page reads it and goes on; with the camera refused, a Thai message says so
and typing the code still works."""

from __future__ import annotations

import re

import pytest

from core.db import db
from core.tenancy.context import tenant_context
from tests.browser import fake_camera
from tests.browser.conftest import CHROMIUM
from tests.browser.phone import PHONE, assert_fits, phone_context
from tests.market.orders.conftest import shop  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default


@pytest.fixture(scope="module")
def playwright():
    from pathlib import Path

    from tests import services

    if not Path(CHROMIUM).exists():
        if services.required():
            pytest.fail(f"REQUIRE_SERVICES=1 but Chromium is missing at {CHROMIUM}")
        pytest.skip("Chromium is not installed (Debian package: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _phone(browser, live_server, email):
    context = phone_context(browser, timeout_ms=15_000)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def _coupon_link(shop, live_server):  # noqa: F811
    from market.coupons import signing

    coupon = shop.coupon()
    with tenant_context(shop.tenant.id):
        token = signing.token_for(coupon)
        db.session.commit()  # the signing key made on first use
        return coupon, f"{live_server}/t/{shop.tenant.slug}/market/coupons/q/{token}"


def test_a_scanned_coupon_card_is_looked_up(live_server, playwright, shop, tmp_path):  # noqa: F811
    coupon, link = _coupon_link(shop, live_server)
    browser = fake_camera.launch(playwright, fake_camera.qr_video(link, tmp_path / "coupon.y4m"))
    try:
        page = _phone(browser, live_server, shop.staff.email)
        page.goto(f"{live_server}/t/{shop.tenant.slug}/market/coupons/redeem")
        assert page.locator("[data-coupon]").count() == 0
        assert_fits(page)
        page.locator("[data-test=qr-scan]").click()
        page.locator(f"[data-coupon='{coupon.id}']").wait_for()
        assert coupon.code in page.locator(f"[data-coupon='{coupon.id}'] h2").inner_text()
        assert page.locator("input[name=code][data-qr-scan]").input_value() == link
        assert page.locator("[data-test=qr-scan-message]").is_hidden()
    finally:
        browser.close()


def test_a_scanned_booking_opens_its_check_in_page(live_server, playwright, shop, tmp_path):  # noqa: F811
    from market.rounds import services

    with tenant_context(shop.tenant.id):
        booking = services.book(shop.round.id, shop.household.id, shop.slot.id, actor_id=shop.staff.id)
        db.session.commit()
        token = booking.token
    base = f"{live_server}/t/{shop.tenant.slug}/market"
    video = fake_camera.qr_video(f"{base}/rounds/b/{token}", tmp_path / "booking.y4m")
    browser = fake_camera.launch(playwright, video)
    try:
        page = _phone(browser, live_server, shop.staff.email)
        page.goto(f"{base}/rounds/{shop.round.id}/desk")
        assert_fits(page)
        page.locator("[data-test=qr-scan]").click()
        page.wait_for_url(re.compile(rf"/rounds/b/{re.escape(token)}$"))
        page.locator("[data-test=check-in] button[type=submit]").wait_for()
    finally:
        browser.close()


def test_a_refused_camera_says_so_in_thai_and_the_typed_code_still_works(
    live_server, playwright, shop, tmp_path  # noqa: F811
):
    coupon, link = _coupon_link(shop, live_server)
    browser = fake_camera.launch(playwright, fake_camera.qr_video(link, tmp_path / "c.y4m"), allow=False)
    try:
        page = _phone(browser, live_server, shop.staff.email)
        page.goto(f"{live_server}/t/{shop.tenant.slug}/market/coupons/redeem")
        page.locator("[data-test=qr-scan]").click()
        message = page.locator("[data-test=qr-scan-message]")
        message.wait_for()
        assert "ไม่ได้รับอนุญาตให้ใช้กล้อง" in message.inner_text()
        assert page.locator(".qr-scan video").is_hidden()
        assert page.locator("[data-coupon]").count() == 0  # nothing was submitted
        assert page.evaluate("document.activeElement.name") == "code"
        page.fill("input[name=code]", coupon.code)
        page.locator("main form button[type=submit]").first.click()
        page.locator(f"[data-coupon='{coupon.id}']").wait_for()
    finally:
        browser.close()


def test_without_the_script_the_code_is_typed(live_server, playwright, shop):  # noqa: F811
    coupon = shop.coupon()
    browser = fake_camera.launch(playwright)
    try:
        context = browser.new_context(locale="th-TH", viewport=PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.fill("input[name=login]", shop.staff.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.goto(f"{live_server}/t/{shop.tenant.slug}/market/coupons/redeem")
        assert page.locator("[data-test=qr-scan]").count() == 0
        page.fill("input[name=code]", coupon.code)
        page.locator("main form button[type=submit]").first.click()
        page.locator(f"[data-coupon='{coupon.id}']").wait_for()
    finally:
        browser.close()


# Chromium on Linux has no BarcodeDetector (phones' Chrome has): a stand-in
# that reads whatever is set as the code once the camera gives frames.
STAND_IN_DETECTOR = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code", "ean_13"]); }
  constructor(options) { sessionStorage.setItem("askedFormats", JSON.stringify(options.formats)); }
  detect(video) {
    return Promise.resolve(video.videoWidth ? [{ rawValue: %s, format: "qr_code" }] : []);
  }
};
"""


def test_the_browsers_own_reader_is_used_where_there_is_one(live_server, playwright, shop):  # noqa: F811
    import json

    coupon, link = _coupon_link(shop, live_server)
    browser = fake_camera.launch(playwright)  # Chromium's own test pattern: no QR in it
    try:
        page = _phone(browser, live_server, shop.staff.email)
        page.add_init_script(STAND_IN_DETECTOR % json.dumps(link))
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{live_server}/t/{shop.tenant.slug}/market/coupons/redeem")
        page.locator("[data-test=qr-scan]").click()
        page.locator(f"[data-coupon='{coupon.id}']").wait_for()
        assert page.evaluate("JSON.parse(sessionStorage.getItem('askedFormats'))") == ["qr_code"]
        assert not [url for url in fetched if "jsQR" in url]  # the fallback was never downloaded
    finally:
        browser.close()
