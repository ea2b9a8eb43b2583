"""Amounts in Thai words, as written on a receipt: ``หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์``.

The conventions are those of Thai banks and of spreadsheet ``BAHTTEXT``: a one in
the units place after any higher digit is ``เอ็ด`` (101 หนึ่งร้อยเอ็ด, 1,000,001
หนึ่งล้านเอ็ด), two tens are ``ยี่สิบ``, one ten is ``สิบ``, millions repeat
(``ล้านล้าน``), and a whole number of baht ends with ``ถ้วน``. Pure: no I/O."""

from __future__ import annotations

DIGITS = ("", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
PLACES = ("แสน", "หมื่น", "พัน", "ร้อย", "สิบ", "")  # positions 10^5 … 10^0
MILLION = 1_000_000


def number_text(n: int, *, after_higher: bool = False) -> str:
    """A non-negative integer in Thai words; ``""`` for zero."""
    if n < 0:
        raise ValueError("number_text takes a non-negative integer")
    if n == 0:
        return ""
    high, low = divmod(n, MILLION)
    text = number_text(high, after_higher=after_higher) + "ล้าน" if high else ""
    return text + _below_million(low, after_higher=after_higher or high > 0)


def _below_million(n: int, *, after_higher: bool) -> str:
    words = []
    for place, digit in zip(PLACES, f"{n:06d}", strict=True):
        d = int(digit)
        if d == 0:
            continue
        if place == "สิบ":
            words.append({1: "", 2: "ยี่"}.get(d, DIGITS[d]) + "สิบ")
        elif place == "":
            words.append("เอ็ด" if d == 1 and (after_higher or n >= 10) else DIGITS[d])
        else:
            words.append(DIGITS[d] + place)
    return "".join(words)


def baht_text(satang: int) -> str:
    """Integer satang in Thai words: ``baht_text(123450)`` is
    ``หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์``; zero is ``ศูนย์บาทถ้วน``."""
    if not isinstance(satang, int) or isinstance(satang, bool):
        raise TypeError("baht_text takes integer satang")
    if satang == 0:
        return "ศูนย์บาทถ้วน"
    sign = "ลบ" if satang < 0 else ""
    baht, rest = divmod(abs(satang), 100)
    text = number_text(baht) + "บาท" if baht else ""
    text += number_text(rest) + "สตางค์" if rest else "ถ้วน"
    return sign + text
