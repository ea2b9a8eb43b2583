"""A PromptPay payload drawn as a QR code (SVG for pages, PNG for files and
messages), with the caption a payer checks before paying: who is paid (masked),
how much, and the reference.

In a template::

    {% set qr = svg_with_caption(payload, payee_name=tenant.name) %}
    {{ qr.svg }}
    {% for line in qr.lines %}<p>{{ line }}</p>{% endfor %}
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import qrcode
from flask_babel import gettext as _
from markupsafe import Markup, escape
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

from core.i18n.formatting import format_thb
from core.payments.promptpay.payload import BILLER, EWALLET, MOBILE, Decoded, Payee, parse

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def _qr(payload: str, box_size: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=QUIET_ZONE
    )
    qr.add_data(payload)
    qr.make(fit=True)
    return qr


def svg(payload: str) -> str:
    """The code as an ``<svg>`` element (white background, scalable, no XML
    declaration, so it can sit inline in a page)."""
    image = _qr(payload, box_size=10).make_image(image_factory=SvgPathFillImage)
    return image.to_string(encoding="unicode")


def png(payload: str, box_size: int = 10) -> bytes:
    """The code as PNG bytes, ``box_size`` pixels a module."""
    image = _qr(payload, box_size=box_size).make_image(image_factory=PilImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PromptPayQr:
    """What a page shows: ``svg`` (safe markup), ``lines`` (the caption, plain
    text the template escapes) and the ``decoded`` payload."""

    payload: str
    decoded: Decoded
    svg: Markup
    lines: tuple[str, ...]


def svg_with_caption(payload: str, *, payee_name: str | None = None) -> PromptPayQr:
    """The code and its caption in the current language (Thai by default).
    ``payload`` is checked first (:func:`parse`), so a damaged one never shows."""
    decoded = parse(payload)
    label = escape(_("PromptPay QR code"))
    markup = svg(payload).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return PromptPayQr(payload, decoded, Markup(markup), caption(decoded, payee_name=payee_name))


def caption(decoded: Decoded, *, payee_name: str | None = None) -> tuple[str, ...]:
    """``Pay to: Name (xxx-xxx-5678)``, ``Amount: ฿1,234.50``, ``Reference: ORD42``."""
    masked = mask(decoded.payee)
    payee = f"{payee_name} ({masked})" if payee_name else masked
    lines = [_("Pay to: %(payee)s", payee=payee)]
    if decoded.amount is None:
        lines.append(_("Amount: type it in your banking app"))
    else:
        lines.append(_("Amount: %(amount)s", amount=format_thb(decoded.amount)))
    refs = [r for r in (decoded.payee.ref1, decoded.payee.ref2, decoded.reference) if r]
    if refs:
        lines.append(_("Reference: %(reference)s", reference=" / ".join(refs)))
    return tuple(lines)


def mask(payee: Payee) -> str:
    """The payee's number with all but its last four digits hidden:
    ``xxx-xxx-5678``, ``x-xxxx-xxxx0-70-8``."""
    if payee.kind == MOBILE:
        return _masked(payee.local_phone, (3, 3, 4))
    if payee.kind in (EWALLET, BILLER):
        return _masked(payee.account, (15,))
    return _masked(payee.account, (1, 4, 5, 2, 1))


def _masked(digits: str, groups: tuple[int, ...]) -> str:
    hidden = "x" * (len(digits) - 4) + digits[-4:]
    parts, at = [], 0
    for size in groups:
        parts.append(hidden[at : at + size])
        at += size
    if at < len(hidden):
        parts.append(hidden[at:])
    return "-".join(p for p in parts if p)
