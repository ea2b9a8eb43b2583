"""The kernel's input-parsing kit, tried the way people really type (and
mistype): Thai digits, stray spaces, thousands separators, Buddhist-Era years,
fractions of a satang, minus signs. No database, no request."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ValidationError
from core.forms import parse
from core.i18n.formatting import BE_OFFSET, format_thb

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


# --- text ------------------------------------------------------------------------


def test_text_is_trimmed_and_blank_is_empty():
    assert parse.text("  ชื่อ  ", "name") == "ชื่อ"
    assert parse.text("   ", "name") == ""
    assert parse.text(None, "name") == ""


def test_required_text_names_its_field():
    with pytest.raises(parse.Required) as refused:
        parse.text(" \t", "name", required=True)
    assert refused.value.field == "name" and refused.value.code == "required"


def test_text_past_its_length_is_refused_or_cut_when_asked():
    with pytest.raises(parse.TooLong) as refused:
        parse.text("x" * 11, "code", max_length=10)
    assert refused.value.params == {"length": 10}
    assert parse.text("x" * 11 + " ", "notes", max_length=10, truncate=True) == "x" * 10


# --- whole numbers ---------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [
    ("12", 12), (" 12 ", 12), ("๑๒", 12), ("1,234", 1234), ("+7", 7), ("-3", -3), (5, 5), ("0", 0),
])
def test_whole_numbers_as_people_type_them(typed, number):
    assert parse.whole(typed, "n") == number


@pytest.mark.parametrize("typed", ["1.5", "12a", "1,23", "1 000", "๑.๒", True, 1.0, "9" * 19, "--1"])
def test_not_whole_numbers_are_refused_with_their_field(typed):
    with pytest.raises(parse.InvalidNumber) as refused:
        parse.whole(typed, "quantity")
    assert refused.value.field == "quantity"


def test_whole_numbers_are_bounded_and_may_carry_their_own_message():
    assert parse.whole("10", "n", minimum=1, maximum=10) == 10
    for outside in ("0", "11"):
        with pytest.raises(parse.InvalidNumber) as refused:
            parse.whole(outside, "n", minimum=1, maximum=10, message="Enter %(low)s to %(high)s", low=1, high=10)
        assert str(refused.value) == "Enter 1 to 10"


def test_blank_whole_is_none_unless_required():
    assert parse.whole("  ", "n") is None
    with pytest.raises(parse.Required):
        parse.whole("", "n", required=True)


@given(st.integers(min_value=-(10**17), max_value=10**17))
def test_every_written_whole_number_reads_back(number):
    assert parse.whole(str(number), "n") == number
    assert parse.whole(f"{number:,}", "n") == number
    assert parse.whole(str(number).translate(THAI), "n") == number


@pytest.mark.parametrize(("typed", "found"), [("12", 12), ("#7", 7), ("๓", 3), ("", None), ("0", None), ("x", None),
                                              ("-1", None), ("1" * 30, None), (None, None)])
def test_ids_from_the_address_bar_are_read_or_ignored(typed, found):
    assert parse.id_or_none(typed) == found


# --- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "day"), [
    ("2026-11-23", date(2026, 11, 23)),
    ("2569-11-23", date(2026, 11, 23)),
    ("23/11/2569", date(2026, 11, 23)),
    ("23/11/2026", date(2026, 11, 23)),
    (" 2569/1/5 ", date(2026, 1, 5)),
    ("23.11.2569", date(2026, 11, 23)),
    ("๒๓/๑๑/๒๕๖๙", date(2026, 11, 23)),
    ("23 พ.ย. 2569", date(2026, 11, 23)),
    ("23 พฤศจิกายน 2569", date(2026, 11, 23)),
    ("23-Nov-2026", date(2026, 11, 23)),
    ("7 ธ.ค. 69", date(2026, 12, 7)),
    ("7 Dec 26", date(2026, 12, 7)),
    (date(2026, 11, 23), date(2026, 11, 23)),
    (date(2569, 11, 23), date(2026, 11, 23)),
    (datetime(2569, 11, 23, 9, 30, tzinfo=UTC), date(2026, 11, 23)),
])
def test_dates_are_read_in_either_era(typed, day):
    assert parse.typed_date(typed, "on") == day


def test_the_year_is_converted_before_the_day_is_checked():
    # 2567 is not a leap year by itself, but 2567 BE is 2024 CE, which is.
    assert parse.typed_date("29/02/2567", "on") == date(2024, 2, 29)
    assert parse.typed_date("2567-02-29", "on") == date(2024, 2, 29)
    with pytest.raises(parse.InvalidDate) as refused:
        parse.typed_date("29/02/2568", "on")  # 2025 CE
    assert str(refused.value) == "This date does not exist"
    with pytest.raises(parse.InvalidDate):
        parse.typed_date("29/02/2026", "on")


def test_2569_and_2026_are_the_same_year():
    assert parse.typed_date("01/01/2569") == parse.typed_date("01/01/2026") == date(2026, 1, 1)
    assert parse.ce_year(2569) == 2026 == parse.ce_year(2026)
    assert BE_OFFSET == 543


@pytest.mark.parametrize("typed", ["23/11/69", "23/11/2569x", "2026-02-30", "yesterday", "2026-11", "11/2569",
                                   "23/13/2569", "32/01/2569", "23 Brumaire 2569", 20261123])
def test_bad_dates_are_refused_with_their_field(typed):
    with pytest.raises(ValidationError) as refused:
        parse.typed_date(typed, "due_on")
    assert refused.value.field == "due_on"


def test_blank_date_is_none_unless_required():
    assert parse.typed_date("  ") is None
    with pytest.raises(parse.Required):
        parse.typed_date(None, "on", required=True)


def test_a_time_after_the_date_is_read_only_when_asked():
    assert parse.date_parts("06/12/2569 14:05", with_time=True) == (6, 12, "2569", None)
    assert parse.date_parts("2026-12-06T14:05:00", with_time=True) == (6, 12, "2026", None)
    assert parse.date_parts("06/12/2569 14:05") is None


@settings(max_examples=200)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)), st.booleans(),
       st.booleans(), st.booleans())
def test_every_date_reads_back_in_either_era_and_form(day, buddhist, day_first, thai_digits):
    year = day.year + BE_OFFSET if buddhist else day.year
    typed = f"{day.day}/{day.month:02d}/{year}" if day_first else f"{year}-{day.month:02d}-{day.day:02d}"
    if thai_digits:
        typed = typed.translate(THAI)
    assert parse.typed_date(typed, "on") == day


# --- money -----------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "satang"), [
    ("1,234.50", 123450), ("1234.5", 123450), ("  12  ", 1200), ("฿1,234.50", 123450), ("๑๒ บาท", 1200),
    ("0", 0), ("0.01", 1), ("1 000", 100000),
])
def test_baht_as_people_type_it_is_integer_satang(typed, satang):
    assert parse.money(typed, "amount") == satang


@pytest.mark.parametrize("typed", ["12.345", "0.001", "-5", "-0.50", "-0", "abc", "1.2.3", "1e3", "NaN", "x" * 50,
                                   12.5, 1200, True])
def test_fractions_of_a_satang_negatives_and_non_text_are_refused(typed):
    with pytest.raises(parse.InvalidAmount) as refused:
        parse.money(typed, "amount")
    assert refused.value.field == "amount"


def test_zero_is_refused_when_the_amount_must_be_positive():
    with pytest.raises(parse.InvalidAmount) as refused:
        parse.money("0.00", "amount", positive=True)
    assert str(refused.value) == "Enter an amount above zero"


def test_blank_money_is_none_unless_required():
    assert parse.money("", "amount") is None
    with pytest.raises(parse.Required):
        parse.money(" ", "amount", required=True)


@given(st.integers(min_value=0, max_value=10**14))
def test_every_shown_amount_reads_back(satang):
    assert parse.money(format_thb(satang), "amount") == satang
    assert parse.money(format_thb(satang, symbol=False).translate(THAI), "amount") == satang
