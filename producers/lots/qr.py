"""Tokens behind /q/<token> and the QR codes that carry them (SVG)."""

from __future__ import annotations

import secrets
from functools import lru_cache

import qrcode
from markupsafe import Markup
from qrcode.image.svg import SvgPathFillImage

TOKEN_BYTES = 16  # 128 bits: unguessable; 22 URL-safe characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: str) -> bool:
    return 16 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


@lru_cache(maxsize=2048)
def svg(url: str) -> Markup:
    """The URL as an inline ``<svg>`` (no XML declaration), scalable."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    image = qr.make_image(image_factory=SvgPathFillImage)
    return Markup(image.to_string(encoding="unicode"))
