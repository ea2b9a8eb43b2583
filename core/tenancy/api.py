"""API: tenants. ``GET /api/v1/tenants`` lists the caller's own tenants;
``GET /api/v1/tenants/<tenant_slug>`` gives a tenant's public facts."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from core.api.paging import paged
from core.api_auth import Unauthorised
from core.errors import NotFound
from core.tenancy import queries

blp = Blueprint("tenancy_api", __name__, url_prefix="/api/v1/tenants", description="Tenants")


class TenantOut(Schema):
    slug = fields.String()
    name_th = fields.String()
    name_en = fields.String()
    kind = fields.String()
    parent = fields.Function(lambda t: t.parent.slug if t.parent else None)


class TenantDetailOut(TenantOut):
    children = fields.Function(lambda t: [c.slug for c in t.children if c.active])


class MyTenantOut(TenantOut):
    roles = fields.List(fields.String())


class MyTenants(Schema):
    items = fields.List(fields.Nested(MyTenantOut))


def _my_tenants() -> list[dict]:
    token = g.get("api_token")
    # a token acts only within its own tenant
    rows = queries.memberships_of(current_user.id, token.tenant_id if token is not None else None)
    return [
        {"slug": t.slug, "name_th": t.name_th, "name_en": t.name_en, "kind": t.kind, "parent": t.parent,
         "roles": list(m.roles)}
        for m, t in rows
    ]


@blp.route("")
class TenantList(MethodView):
    @blp.response(200, MyTenants)
    @paged(blp)
    def get(self):
        """The tenants the caller is a member of, with their roles there."""
        if not current_user.is_authenticated:
            raise Unauthorised()
        return {"items": [_Row(r) for r in _my_tenants()]}


class _Row:
    """A plain row for the schema's ``parent`` function."""

    def __init__(self, data: dict):
        self.__dict__.update(data)


@blp.route("/<tenant_slug>")
class TenantDetail(MethodView):
    @blp.response(200, TenantDetailOut)
    @blp.doc(security=[])  # public
    def get(self, tenant_slug: str):
        """A tenant's public facts: names, kind, parent and children."""
        tenant = queries.active_tenant_by_slug(tenant_slug)
        if tenant is None:
            raise NotFound()
        return tenant
