"""Reading a page's form the way a screen reader does: the field named
``name`` says it is in error and names the message next to it."""

from __future__ import annotations

import html as html_lib
import re


def error_at(page: str, name: str) -> str:
    """The error shown at the field ``name`` of ``page`` (asserting that the
    field carries ``aria-invalid="true"`` and ``aria-describedby`` naming it)."""
    tags = re.findall(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    invalid = [t for t in tags if 'aria-invalid="true"' in t]
    assert invalid, f"no field {name!r} marked invalid among {tags}"
    described = re.search(r'aria-describedby="([^"]*)"', invalid[0])
    assert described, invalid[0]
    for error_id in described.group(1).split():
        shown = re.search(rf'<p class="error" id="{re.escape(error_id)}"[^>]*>(.*?)</p>', page, re.S)
        if shown:
            return html_lib.unescape(shown.group(1)).strip()
    raise AssertionError(f"the field {name!r} names no error shown on the page: {invalid[0]}")


def no_error_at(page: str, name: str) -> None:
    tags = re.findall(rf'<(?:input|select|textarea)\b[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert tags and not any('aria-invalid="true"' in t for t in tags), tags
