"""Addresses are personal data (PDPA): pages show them masked."""

from __future__ import annotations

import re


def mask_address(address: str | None) -> str:
    """``somchai@example.org`` → ``so***@example.org``; a phone → its last 4
    digits; a LINE user id → ``U•••`` and its last 4 characters."""
    if not address:
        return ""
    if address.startswith("U") and "@" not in address and not address[1:].isdigit():
        return "U•••" + address[-4:]
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    digits = "".join(ch for ch in address if ch.isdigit())
    return "•••" + digits[-4:]


_LONG_NUMBER = re.compile(r"\+?\d[\d\- ]{7,}\d")


def mask_numbers(text: str | None) -> str:
    """Provider responses may echo the phone number: show such runs masked."""
    if not text:
        return ""
    return _LONG_NUMBER.sub(lambda m: mask_address(m.group(0)), text)
