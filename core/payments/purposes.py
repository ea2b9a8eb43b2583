"""What a payment is for, as its payer reads it, and the page to go back to.

A domain registers, for its purpose prefix (``market.order``), a function
giving the translated label ("คำสั่งซื้อ เลขที่ 663") and the URL of the thing
paid for; the pay pages show the label instead of the stored description and
always link back. The kernel stays ignorant of the domains."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    label: str
    back_url: str | None = None


Describer = Callable[[str], Purpose | None]  # the id after the prefix -> Purpose
_DESCRIBERS: dict[str, Describer] = {}


def register(prefix: str, describe: Describer) -> None:
    _DESCRIBERS[prefix] = describe


def describe(payment) -> Purpose:
    """The registered description of ``payment``'s purpose, else its stored
    description (or the purpose itself) read in the page's language (the
    stored memos the system writes, see ``core.i18n.memos``), with no way back
    but the payments."""
    from core.i18n.memos import memo

    prefix, _, ref = (payment.purpose or "").partition(":")
    describer = _DESCRIBERS.get(prefix)
    found = describer(ref) if describer is not None else None
    return found or Purpose(label=memo(payment.description or payment.purpose))
