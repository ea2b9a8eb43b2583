"""Amounts in Thai words on receipts."""

from __future__ import annotations

import pytest

from core.payments.thai_words import baht_text, number_text


@pytest.mark.parametrize(
    ("satang", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (100, "หนึ่งบาทถ้วน"),
        (1100, "สิบเอ็ดบาทถ้วน"),
        (2100, "ยี่สิบเอ็ดบาทถ้วน"),
        (10100, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (100_000_000, "หนึ่งล้านบาทถ้วน"),
        (123_450, "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        (2_100_000_101, "ยี่สิบเอ็ดล้านเอ็ดบาทหนึ่งสตางค์"),
        (1, "หนึ่งสตางค์"),
        (50, "ห้าสิบสตางค์"),
        (2_000, "ยี่สิบบาทถ้วน"),
        (1_000, "สิบบาทถ้วน"),
        (100_000_100, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (1_000_000_000, "สิบล้านบาทถ้วน"),
        (1_100_000_000, "สิบเอ็ดล้านบาทถ้วน"),
        (54_321_099, "ห้าแสนสี่หมื่นสามพันสองร้อยสิบบาทเก้าสิบเก้าสตางค์"),
        (-100, "ลบหนึ่งบาทถ้วน"),
    ],
)
def test_baht_text(satang, words):
    assert baht_text(satang) == words


def test_millions_repeat():
    assert number_text(10**12) == "หนึ่งล้านล้าน"
    assert number_text(2 * 10**12 + 1) == "สองล้านล้านเอ็ด"


def test_refuses_floats_and_negatives_where_meaningless():
    with pytest.raises(TypeError):
        baht_text(12.5)
    with pytest.raises(ValueError):
        number_text(-1)
