"""Permission checks for the JSON API. The caller is the session user or, with
``Authorization: Bearer <token>``, the token's user (see ``core.auth.tokens``);
a token acts only within its own membership's tenant."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask_login import current_user

from core.auth.policies import PERMISSIONS, can
from core.errors import N_, DomainError, Forbidden


class Unauthorised(DomainError):
    code = "unauthorised"
    status = 401
    message = N_("Log in or send a valid API token")


def api_require(permission: str):
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                raise Unauthorised()
            tenant = g.get("tenant")
            token = g.get("api_token")
            if tenant is None:
                raise Forbidden()
            if token is not None and token.tenant_id != tenant.id:
                raise Forbidden()
            if not can(current_user, permission, tenant.id):
                raise Forbidden()
            return view(*args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
