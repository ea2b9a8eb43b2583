"""Tenant URLs: ``/t/<slug>/…``. The slug picks the tenant for the request,
sets the tenant context and is filled into ``url_for`` automatically."""

from __future__ import annotations

import re

from flask import Flask, abort, g, request

from core import identity_cache
from core.tenancy.context import set_tenant, set_user
from core.tenancy.queries import active_tenant_by_slug, family_of, tenant_family

SLUG = re.compile(r"^[a-z0-9-]{1,64}$")
# pages that show the organisation above and those below: read with the tenant, in one statement
FAMILY_PAGES = frozenset({"tenancy.landing"})


def _tenant(slug: str):
    """The active tenant ``slug`` names, kept by the worker until a tenant
    changes (see :mod:`core.identity_cache`)."""
    held = identity_cache.get(("tenant", slug))
    if held is not None:
        return held[0]
    tenant = active_tenant_by_slug(slug)
    if tenant is not None:
        identity_cache.put(("tenant", slug), (tenant,))
    return tenant


def _tenant_with_family(slug: str):
    """The same with the organisation above and those right below it, read
    in one statement and kept the same way."""
    held = identity_cache.get(("tenant-family", slug))
    rows = list(held) if held is not None else tenant_family(slug)
    found = family_of(slug, rows)
    if held is None and found[0] is not None:
        identity_cache.put(("tenant-family", slug), tuple(rows))
    return found


def _pull_slug(endpoint, values) -> None:
    g.tenant = None
    if values and "slug" in values:
        slug = values.pop("slug")
        if not SLUG.match(slug):
            abort(404)
        if endpoint in FAMILY_PAGES:
            tenant, parent, children = _tenant_with_family(slug)
            g.tenant_family = (parent, children)
        else:
            tenant = _tenant(slug)
        if tenant is None:
            abort(404)
        g.tenant = tenant
        set_tenant(tenant.id)


def _add_slug(endpoint, values) -> None:
    tenant = g.get("tenant")
    if tenant is None or "slug" in values:
        return
    from flask import current_app

    if current_app.url_map.is_endpoint_expecting(endpoint, "slug"):
        values["slug"] = tenant.slug


def _clear_context(*_args) -> None:
    set_tenant(None)
    set_user(None)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(_pull_slug)
    app.url_defaults(_add_slug)
    app.teardown_request(_clear_context)

    @app.context_processor
    def _tenant_vars():
        return {"tenant": g.get("tenant"), "request_path": request.path}
