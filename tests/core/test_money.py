"""Money: integer satang, parsed from what people type, split without losing a satang."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import InvalidAmount, Money


@pytest.mark.parametrize(
    ("text", "satang"),
    [
        ("1,234.50", 123450),
        ("฿1234.5", 123450),
        ("1 234 บาท", 123400),
        ("0", 0),
        ("0.01", 1),
        ("-20", -2000),
        ("  27,000  ", 2700000),
        ("1\u00a0000 THB", 100000),
    ],
)
def test_parse_accepts_what_people_type(text, satang):
    assert Money.parse(text) == Money(satang)


@pytest.mark.parametrize("text", ["12.345", "abc", "", "1.2.3", "฿", "1e3", "--5", None])
def test_parse_refuses_what_is_not_an_amount(text):
    with pytest.raises(InvalidAmount):
        Money.parse(text)


def test_parse_error_names_its_field():
    with pytest.raises(InvalidAmount) as caught:
        Money.parse("abc", field="amount")
    assert caught.value.field == "amount"
    assert caught.value.status == 422


def test_floats_are_refused():
    with pytest.raises(TypeError):
        Money.baht(12.5)
    with pytest.raises(TypeError):
        Money(1234.5)
    with pytest.raises(TypeError):
        Money(100) * 1.5


def test_baht_from_int_string_and_decimal():
    assert Money.baht(27000) == Money(2_700_000)
    assert Money.baht("553,000") == Money(55_300_000)
    assert Money.baht(Decimal("0.5")) == Money(50)


def test_booleans_are_not_money():
    with pytest.raises(TypeError):
        Money(True)


def test_rounding_is_explicit_half_up():
    assert Money.from_decimal_baht(Decimal("0.005")) == Money(1)
    assert Money.from_decimal_baht(Decimal("0.004")) == Money(0)


def test_arithmetic_and_str():
    total = Money.baht(700000) - Money.baht(553000)
    assert total == Money.baht(147000)
    assert str(total) == "฿147,000.00"
    assert str(-Money(5)) == "-฿0.05"
    assert not Money.zero()
    with pytest.raises(TypeError):
        Money(1) + 1


def test_allocate_rejects_no_parts():
    with pytest.raises(ValueError):
        Money(100).allocate(0)


def test_allocate_known_split():
    assert Money(100).allocate(3) == [Money(34), Money(33), Money(33)]


@given(
    satang=st.integers(min_value=-10**12, max_value=10**12),
    parts=st.integers(min_value=1, max_value=500),
)
def test_allocate_sums_exactly_and_differs_by_at_most_one_satang(satang, parts):
    shares = Money(satang).allocate(parts)
    assert len(shares) == parts
    assert sum(s.satang for s in shares) == satang
    assert max(s.satang for s in shares) - min(s.satang for s in shares) <= 1
