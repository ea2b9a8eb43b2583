"""Addresses are personal data (PDPA): pages show them masked."""

from __future__ import annotations


def mask_address(address: str | None) -> str:
    """``somchai@example.org`` → ``so***@example.org``; a phone → its last 4 digits."""
    if not address:
        return ""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:2]}***@{domain}"
    digits = "".join(ch for ch in address if ch.isdigit())
    return "•••" + digits[-4:]
