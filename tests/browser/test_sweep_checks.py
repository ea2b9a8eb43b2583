"""The sweep's English detector: it must catch what issue 17 found on Thai
pages, and let names, codes and numbers pass."""

from __future__ import annotations

import pytest

from tests.browser.sweep_checks import english_words


@pytest.mark.parametrize(
    "text",
    ["Order 663", "สถานะ: booked", "— (none)", "5 kg", "รอบ draft", "Loan L00004 ของท่าน", "สมุดบัญชี: general"],
)
def test_english_words_in_thai_text_are_found(text):
    assert english_words([text]), text


@pytest.mark.parametrize(
    "text",
    [
        "สแกน QR เพื่อดูใบรับรอง PGS",
        "ชำระด้วย PromptPay",
        "บ้านเลขที่ M01-001",
        "เงินกู้ เลขที่ L00004",
        "ติดต่อ staff@khoksai.demo หรือ https://pansuk.example.org/t/khok-sai",
        "฿1,234.50 · 7 ธ.ค. 2569",
        "รหัส THB / BAAC",
        "คีย์ลับ (Secret key)",
        "ใช้ {to}, {text} และ {sender}",
    ],
)
def test_names_codes_and_numbers_pass(text):
    assert english_words([text]) == []


def test_each_text_is_reported_once_with_its_context():
    found = english_words(["สถานะ booked และ open", "ไทยล้วน"])
    assert len(found) == 1 and "booked" in found[0] and "สถานะ" in found[0]
