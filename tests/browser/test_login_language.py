"""A member logs in, lands on their organisation's page with today's date in the
Buddhist Era, and switches to English."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from core.i18n.formatting import BANGKOK, format_date

pytestmark = pytest.mark.browser

PASSWORD = "ขอบคุณ-kind-2569"


def _today_forms(lang: str) -> set[str]:
    """Today in Bangkok, long form (and tomorrow, should the test straddle midnight)."""
    today = datetime.now(BANGKOK).date()
    return {format_date(d, "long", lang=lang) for d in (today, today + timedelta(days=1))}


def test_member_logs_in_and_switches_language(live_server, page, make_tenant, make_member):
    tenant = make_tenant(
        slug="khok-sai-browser",
        name_th="สภาองค์กรชุมชนตำบลโคกทราย",
        name_en="Khok Sai Subdistrict Community Organisation Council",
    )
    make_member(tenant, "staff", password=PASSWORD, email="staff@khoksai.example.org", lang="th")

    page.goto(f"{live_server}/login")
    assert page.locator("h1").inner_text() == "เข้าสู่ระบบ"
    page.fill("input[name=login]", "staff@khoksai.example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/t/khok-sai-browser/?$"))
    assert page.locator("h1").inner_text() == "สภาองค์กรชุมชนตำบลโคกทราย"
    today = page.locator("[data-test=today]")
    assert today.inner_text() in _today_forms("th")
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d", today.inner_text())
    assert page.get_by_role("button", name="ออกจากระบบ").is_visible()

    page.locator("[data-test=lang-switch]").click()
    page.wait_for_load_state()
    page.locator("h1", has_text="Khok Sai Subdistrict Community Organisation Council").wait_for()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.locator("[data-test=today]").inner_text() in _today_forms("en")
    assert page.url.rstrip("/").endswith("/t/khok-sai-browser")
    assert page.locator("html").get_attribute("lang") == "en"


def test_wrong_password_stays_on_the_login_page(live_server, page, make_tenant, make_member):
    tenant = make_tenant(slug="khok-sai-wrong")
    make_member(tenant, "staff", password=PASSWORD, email="wrong@khoksai.example.org")

    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "wrong@khoksai.example.org")
    page.fill("input[name=password]", "not the password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    assert page.locator("[data-test=account]").count() == 0
