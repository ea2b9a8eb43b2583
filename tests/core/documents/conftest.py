"""Sample files, made in memory: real images (Pillow) and a minimal PDF."""

from __future__ import annotations

import io

import pytest


def image_bytes(fmt: str = "PNG", size=(4, 3), color=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def png() -> bytes:
    return image_bytes("PNG")


@pytest.fixture
def jpeg() -> bytes:
    return image_bytes("JPEG")


@pytest.fixture
def pdf() -> bytes:
    return PDF


@pytest.fixture
def tenant(make_tenant):
    """The tenant the documents belong to."""
    return make_tenant(slug="docs")
