"""A few seconds of reuse for public pages, in front of the application.

A market day sends hundreds of phones to the same QR page at once. Each
answer is the same for everyone who is not logged in, so each worker process
keeps the whole answer — status, headers (security headers included), body —
for a few seconds and sends it again without entering Flask (no session, no
locale, no database), as a micro-caching proxy would. Only what is safe to
share is kept:

- GET requests without a Cookie or an Authorization header, under a prefix a
  module declared, with a fresh time above zero;
- 200 answers marked ``Cache-Control: public`` that set no cookie;
- keyed by the path, the query and the request headers the answer's ``Vary``
  names, so another language or JSON is another entry;
- ``If-None-Match`` matching the kept ETag gets a 304 from the copy.

Anything else (an unknown token, a logged-in visitor, a POST) goes to the
application as usual, with its rate limits. A module clears its prefix when
something the page shows is written in this process; other processes see the
change within the fresh time, as the page's own ``max-age`` already allows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

_MAX_ENTRIES = 5000

Prefixes = dict[str, float]  # path prefix -> seconds an answer is reused

# (path, query) -> {values of the Vary headers: (until, status, headers, body, vary)}
_entries: dict[tuple[str, str], dict[tuple, tuple]] = {}
_lock = threading.Lock()


def clear(prefix: str = "") -> None:
    """Forget kept answers under ``prefix`` (all when empty)."""
    with _lock:
        for where in [w for w in _entries if w[0].startswith(prefix)]:
            del _entries[where]


def holds(prefix: str = "") -> bool:
    return any(where[0].startswith(prefix) for where in _entries)


class MicroCache:
    """WSGI middleware; ``prefixes`` maps a path prefix to its fresh seconds."""

    def __init__(self, app: Callable, prefixes: Prefixes):
        self.app = app
        self.prefixes = {p: s for p, s in prefixes.items() if s > 0}

    def _fresh_for(self, environ) -> float:
        if environ.get("REQUEST_METHOD") != "GET" or not self.prefixes:
            return 0.0
        if environ.get("HTTP_COOKIE") or environ.get("HTTP_AUTHORIZATION"):
            return 0.0
        path = environ.get("PATH_INFO", "")
        for prefix, seconds in self.prefixes.items():
            if path.startswith(prefix):
                return seconds
        return 0.0

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        seconds = self._fresh_for(environ)
        if not seconds:
            return self.app(environ, start_response)
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        now = time.monotonic()
        for varied, entry in list(_entries.get((path, query), {}).items()):
            if entry[0] > now and varied == _varied(entry[4], environ):
                return _replay(entry, environ, start_response)
        captured: dict = {}
        written: list[bytes] = []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return written.append

        body_parts = self.app(environ, capture)
        try:
            body = b"".join([*written, *body_parts])
        finally:
            if hasattr(body_parts, "close"):
                body_parts.close()
        status, headers = captured["status"], captured["headers"]
        if _shareable(status, headers):
            vary = _header(headers, "Vary")
            with _lock:
                if len(_entries) >= _MAX_ENTRIES:
                    _entries.clear()
                _entries.setdefault((path, query), {})[_varied(vary, environ)] = (
                    now + seconds, status, headers, body, vary,
                )
        start_response(status, headers)
        return [body]


def _varied(vary: str, environ) -> tuple:
    """The request's values of the headers an answer varies by."""
    names = sorted(v.strip().upper().replace("-", "_") for v in vary.split(",") if v.strip())
    return tuple(environ.get("HTTP_" + n, "") for n in names)


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for k, v in headers if k.lower() == name.lower()), "")


def _shareable(status: str, headers: list[tuple[str, str]]) -> bool:
    if not status.startswith("200"):
        return False
    if any(k.lower() == "set-cookie" for k, _v in headers):
        return False
    return "public" in _header(headers, "Cache-Control").lower()


def _replay(entry, environ, start_response) -> list[bytes]:
    _until, status, headers, body, _vary = entry
    etag = _header(headers, "ETag")
    if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "content-type")]
        start_response("304 NOT MODIFIED", kept)
        return []
    start_response(status, headers)
    return [body]
