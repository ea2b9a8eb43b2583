"""Stored codes and system-written descriptions shown in the reader's
language; years shown and typed in the Buddhist Era."""

from __future__ import annotations

import pytest

from core.i18n.formatting import format_year, typed_year


def _render(app, source: str, lang: str, **values) -> str:
    with app.test_request_context(f"/?lang={lang}"):
        return app.jinja_env.from_string(source).render(**values)


@pytest.mark.parametrize(
    ("memo", "thai", "english"),
    [
        ("Order 663", "คำสั่งซื้อ เลขที่ 663", "Order no. 663"),
        ("Loan L00004", "เงินกู้ เลขที่ L00004", "Loan L00004"),
        ("Loan L00003: ซื้อจักรเย็บผ้า", "เงินกู้ เลขที่ L00003: ซื้อจักรเย็บผ้า", "Loan L00003: ซื้อจักรเย็บผ้า"),
        ("Loan repayment 7", "รับชำระคืนเงินกู้ รายการที่ 7", "Loan repayment 7"),
        ("บริจาค / Donation #12", "เงินบริจาค เลขที่ 12", "Donation no. 12"),
        ("purchase ข้าวสาร 5 กก. × 300", "ซื้อ: ข้าวสาร 5 กก. × 300", "Purchase: ข้าวสาร 5 กก. × 300"),
        ("Coupon C-0001 expired", "คูปอง C-0001: หมดอายุ", "Coupon C-0001: Expired"),
        ("ค่าปุ๋ยตามมติที่ประชุม", "ค่าปุ๋ยตามมติที่ประชุม", "ค่าปุ๋ยตามมติที่ประชุม"),
    ],
)
def test_system_written_descriptions_follow_the_language(app, memo, thai, english):
    assert _render(app, "{{ m | memo }}", "th", m=memo) == thai
    assert _render(app, "{{ m | memo }}", "en", m=memo) == english


def test_a_typed_description_that_only_starts_like_one_is_left_alone(app):
    assert _render(app, "{{ m | memo }}", "th", m="Loaned tools") == "Loaned tools"


def test_status_and_unit_codes_have_thai_words(app):
    page = _render(app, "{{ 'booked' | status_label }} {{ 'open' | status_label }} {{ 'kg' | unit_label }}", "th")
    assert page == "จองแล้ว เปิด กก."
    assert _render(app, "{{ 'booked' | status_label }}", "en") == "Booked"
    assert _render(app, "{{ 'no-such-code' | status_label }}", "th") == "no-such-code"


def test_years_are_shown_in_the_buddhist_era_in_thai():
    assert format_year(2026, lang="th") == "2569"
    assert format_year(2026, lang="en") == "2026"
    assert format_year(None, lang="th") == ""


@pytest.mark.parametrize(("typed", "year"), [("2569", 2026), ("2026", 2026), (" 2570 ", 2027), ("ปีหน้า", None), ("", None)])
def test_a_year_is_typed_in_either_era(typed, year):
    assert typed_year(typed) == year
