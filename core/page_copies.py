"""A logged-in person's own copy of a page, shown again while nothing it
shows can have changed.

The organisation's first page is where a member lands after log-in and comes
back to between tasks: the counts of what waits for them, the cards their
roles open, their roles. Made anew it costs a statement over every box and
a template of some thirty translated strings and twenty links; most visits find
nothing changed. A worker keeps the HTML it made, filed under everything it
was made from:

- the person, their log-in (the form token the page carries), the tenant,
  the language, the tenant's date and the URL;
- the identity version (:mod:`core.identity_cache`): a user, a membership,
  a role or a tenant written anywhere;
- the tenant's write version (:mod:`core.tenant_writes`): any row of the
  tenant written by anyone.

So a copy is shown only while none of these changed, and never for longer
than ``TTL_SECONDS`` (should a version be lost). A page with a message to
flash, a visitor, a request with no form token yet, and a worker without
Redis all get the page made anew, and nothing is kept. The copy is the
page's HTML only: log-in, tenant and permission checks run on every request
before the view, as for any page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import request, session
from flask_babel import get_locale
from flask_login import current_user

from core import clock, identity_cache, tenant_writes, versions
from core.db import db

TTL_SECONDS = 5.0
MAX_ENTRIES = 2_000
_FORM_TOKEN = "csrf_token"  # Flask-WTF's secret for this log-in's form tokens
_FLASHES = "_flashes"


def _entries() -> versions.Entries:
    return versions.entries("page_copies", TTL_SECONDS, MAX_ENTRIES)


def clear_local() -> None:
    """Forget this worker's copies."""
    _entries().clear()


def _versions(tenant_id: int) -> tuple[str, ...] | None:
    """The versions the page is made at, read before it is made (a write
    committed while it is made gives a newer one), or None: not to be kept."""
    if not current_user.is_authenticated or session.get(_FLASHES):
        return None
    identity = identity_cache.current_version()
    writes = tenant_writes.current(tenant_id, db.session())
    if identity is None or writes is None:
        return None
    return (identity, *writes)


def _key(name: str, tenant_id: int, made_at: tuple[str, ...]) -> tuple | None:
    """Everything the page is made from, or None: not to be kept (no form
    token yet; a page with flashed messages never gets here)."""
    if _FORM_TOKEN not in session:
        return None
    log_in = hashlib.sha256(str(session[_FORM_TOKEN]).encode()).digest()[:16]
    return (name, current_user.id, log_in, tenant_id, str(get_locale()), clock.today(tenant_id),
            request.full_path, *made_at)  # fmt: skip


def kept(name: str, tenant_id: int, render: Callable[[], str]) -> str:
    """The page ``render()`` makes for the person asking, or their copy of it."""
    made_at = _versions(tenant_id)
    if made_at is None:
        return render()
    entries = _entries()
    key = _key(name, tenant_id, made_at)
    held = entries.get(key) if key is not None else None
    if held is not None:
        return held
    html = render()
    key = _key(name, tenant_id, made_at)  # with the form token the page made, on a log-in's first page
    if key is not None:
        entries.put(key, html)
    return html
