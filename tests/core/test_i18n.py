"""Buddhist-Era dates, THB formatting and the compiled Thai catalogue."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.i18n.catalog import merged
from core.i18n.formatting import format_date, format_datetime, format_thb
from core.money import Money

DAY = date(2026, 11, 23)


def test_thai_short_date_is_in_the_buddhist_era():
    assert format_date(DAY, "short", lang="th") == "23 พ.ย. 2569"


def test_thai_long_date_spells_the_month():
    assert format_date(DAY, "long", lang="th") == "23 พฤศจิกายน 2569"


def test_english_date_stays_gregorian():
    assert format_date(DAY, "short", lang="en") == "23 Nov 2026"
    assert format_date(DAY, "long", lang="en") == "23 November 2026"


def test_datetime_is_shown_on_the_bangkok_calendar_day():
    evening_utc = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # 03:00 on the 24th in Bangkok
    assert format_date(evening_utc, "short", lang="th") == "24 พ.ย. 2569"
    assert format_datetime(evening_utc, "short", lang="th") == "24 พ.ย. 2569 03:00"


def test_naive_datetime_is_read_as_utc():
    assert format_date(datetime(2026, 12, 31, 18, 30), "short", lang="th") == "1 ม.ค. 2570"  # noqa: DTZ001


def test_missing_date_is_blank():
    assert format_date(None) == ""
    assert format_datetime(None) == ""


@pytest.mark.parametrize(
    ("satang", "shown"),
    [
        (123450, "฿1,234.50"),
        (0, "฿0.00"),
        (5, "฿0.05"),
        (-123450, "-฿1,234.50"),
        (-1, "-฿0.01"),
        (100_000_000, "฿1,000,000.00"),
    ],
)
def test_thb_formatting(satang, shown):
    assert format_thb(satang) == shown
    assert format_thb(Money(satang)) == shown


def test_thb_without_symbol_and_blank():
    assert format_thb(Money(123450), symbol=False) == "1,234.50"
    assert format_thb(None) == ""


def test_filters_are_registered_in_templates(app):
    with app.test_request_context("/?lang=th"):
        template = app.jinja_env.from_string("{{ d | be_date }} {{ m | thb }}")
        assert template.render(d=DAY, m=Money(99)) == "23 พ.ย. 2569 ฿0.99"


def test_every_kernel_msgid_has_a_thai_translation():
    catalog = merged("th")
    for msgid in ("Log in", "Log out", "Community organisation council", "Households", "Pansuk"):
        message = catalog.get(msgid)
        assert message is not None and message.string, msgid
    assert catalog.get("Log in").string == "เข้าสู่ระบบ"
    assert catalog.get("Community organisation council").string == "สภาองค์กรชุมชน"


def test_home_page_is_thai_by_default_and_english_on_request(client):
    thai = client.get("/").get_data(as_text=True)
    assert "เข้าสู่ระบบ" in thai
    assert ">Log in<" not in thai
    english = client.get("/?lang=en").get_data(as_text=True)
    assert ">Log in<" in english
    assert "เข้าสู่ระบบ" not in english


def test_footer_date_follows_the_language(client):
    from core.i18n.formatting import BANGKOK

    today = datetime.now(BANGKOK).date()
    assert format_date(today, "long", lang="th") in client.get("/").get_data(as_text=True)
    assert format_date(today, "long", lang="en") in client.get("/?lang=en").get_data(as_text=True)

