"""Where a redirect may go when the target comes from the request (``next`` on
the log-in page, the language switch, a payment's return page...).

Only a relative path on this site passes: it starts with one ``/``, has no
scheme or host, no backslash (browsers read ``/\\evil`` as ``//evil``), and no
control character, tab or newline, neither as typed nor percent-encoded
(``/%09/evil.example`` reaches a browser as ``//evil.example`` once it drops
the tab). Anything else, and anything absurdly long, is refused and the caller
falls back to a page of its own: the redirect stays home and never fails.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000


def _looks_local(text: str) -> bool:
    if not text.startswith("/") or text.startswith("//"):
        return False
    if "\\" in text:
        return False
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in text):
        return False  # controls, tabs, newlines, line and paragraph separators
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def local_path(target: object) -> str | None:
    """``target`` if it is a path on this site, else None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    seen = target
    for _ in range(3):  # "%2509" is "%09" once decoded: look through a few layers
        folded = unicodedata.normalize("NFKC", seen)  # "／" is "/" to some browsers
        if not _looks_local(seen) or not _looks_local(folded):
            return None
        decoded = unquote(seen)
        if decoded == seen:
            break
        seen = decoded
    else:
        return None
    return target


def local_path_or(target: object, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``."""
    return local_path(target) or default


def from_referrer(referrer: str | None, host: str) -> str | None:
    """The path (and query) of a referrer on this same host, else None."""
    if not referrer or len(referrer) > MAX_LENGTH:
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return None
    if parts.netloc != host or parts.scheme not in ("http", "https"):
        return None
    path = parts.path or "/"
    return local_path(f"{path}?{parts.query}" if parts.query else path)
