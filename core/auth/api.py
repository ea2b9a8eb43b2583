"""API: the caller's own account and memberships."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from core.api_auth import Unauthorised, api_require
from core.auth.policies import PERMISSIONS, can, roles_in
from core.auth.queries import active_memberships
from core.auth.rules import mask_phone

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/me", description="The caller")


class MembershipSchema(Schema):
    tenant = fields.String(metadata={"description": "Tenant slug"})
    tenant_name = fields.String()
    roles = fields.List(fields.String())


class MeSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    phone = fields.String(
        allow_none=True, metadata={"description": "Masked: last four digits only"}
    )
    email = fields.String(allow_none=True)
    lang = fields.String()
    memberships = fields.List(fields.Nested(MembershipSchema))


@blp.route("")
class Me(MethodView):
    @blp.response(200, MeSchema)
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    def get(self):
        """The caller: account and memberships (a token sees its own tenant only)."""
        if not current_user.is_authenticated:
            raise Unauthorised()
        token = g.get("api_token")
        memberships = [
            m
            for m in active_memberships(current_user.id)
            if token is None or m.tenant_id == token.tenant_id
        ]
        return {
            "id": current_user.id,
            "display_name": current_user.display_name,
            "phone": mask_phone(current_user.phone),
            "email": current_user.email,
            "lang": current_user.lang,
            "memberships": [
                {"tenant": m.tenant.slug, "tenant_name": m.tenant.name_th, "roles": list(m.roles)}
                for m in memberships
            ],
        }


class TenantAccessSchema(Schema):
    tenant = fields.String()
    roles = fields.List(fields.String())
    permissions = fields.List(
        fields.String(), metadata={"description": "What the caller may do here"}
    )


@blp.route("/tenants/<slug>")
class MyTenant(MethodView):
    @blp.response(200, TenantAccessSchema)
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    @api_require("tenant.view")
    def get(self):
        """The caller's roles and permissions in one tenant (a token: its own tenant only)."""
        tenant = g.tenant
        return {
            "tenant": tenant.slug,
            "roles": sorted(roles_in(current_user, tenant.id)),
            "permissions": sorted(p for p in PERMISSIONS if can(current_user, p, tenant.id)),
        }
