"""Permissions, declared: which roles may do what. Routes and API endpoints ask
``can(...)`` or use ``@require(...)``; no scattered role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import g
from flask_login import current_user

from core.errors import Forbidden

View = TypeVar("View", bound=Callable[..., Any])

A = "admin"
S = "staff"
V = "volunteer"
H = "household"
P = "producer"
I = "inspector"  # noqa: E741
C = "committee"
F = "fund_manager"
G = "signatory"
AU = "auditor"

# permission -> roles that hold it (in the tenant of the request)
PERMISSIONS: dict[str, frozenset[str]] = {
    "tenant.view": frozenset({A, S, V, H, P, I, C, F, G, AU}),
    "tenant.manage": frozenset({A}),
    "members.manage": frozenset({A}),
    "members.reset_password": frozenset({A, S}),
    "network.manage": frozenset({A}),
    "registry.view": frozenset({A, S, V, AU}),
    "registry.edit": frozenset({A, S}),
    "registry.import": frozenset({A, S}),
    "registry.view_full_id": frozenset({A}),
    "registry.merge": frozenset({A}),  # merge (and undo) confirmed duplicate people and villages
    "registry.invite": frozenset({A, S}),
    "audit.view": frozenset({A, AU}),
    "ledger.view": frozenset({A, F, AU, C}),
    "ledger.post": frozenset({A, F}),
    "ledger.close_period": frozenset({A, F}),
    "notifications.view": frozenset({A, S}),
    "notifications.resend": frozenset({A, S}),
    "api_tokens.manage": frozenset({A, S, F}),
    "network.aggregates": frozenset({A, AU}),
    "payments.view": frozenset({A, S, F, AU}),
    "payments.record": frozenset({A, S, F}),
    "payments.refund": frozenset({A, F}),
    "payments.reconcile": frozenset({A, F}),
    "payments.settings": frozenset({A}),
    "documents.view": frozenset({A, S, F, C, AU}),
    "documents.upload": frozenset({A, S, F, V}),
}


def declare(permissions: dict[str, frozenset[str] | set[str]]) -> None:
    """Domains declare their own permissions (in a module their routes import
    first). Declaring a name twice with other roles is a mistake, refused."""
    for name, roles in permissions.items():
        roles = frozenset(roles)
        unknown = roles - {A, S, V, H, P, I, C, F, G, AU}
        if unknown:
            raise ValueError(f"unknown roles for {name!r}: {sorted(unknown)}")
        if PERMISSIONS.get(name, roles) != roles:
            raise ValueError(f"permission {name!r} declared twice with different roles")
        PERMISSIONS[name] = roles


def roles_in(user: Any, tenant_id: int | None) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False) or tenant_id is None:
        return frozenset()
    membership = user.membership_in(tenant_id)
    return frozenset(membership.roles) if membership else frozenset()


# What the administrator of a network may also do in every organisation below
# it: see it, manage its members (name its administrator, say) and issue
# password codes there. Nothing else: a network does not run its councils'
# registers, money or goods.
INHERITED_BY_NETWORK_ADMINS = frozenset({"tenant.view", "members.manage", "members.reset_password"})


def ancestors(tenant_id: int) -> list[int]:
    """The ids of the organisations above ``tenant_id``, nearest first."""
    from core.db import db
    from core.tenancy.models import Tenant

    found: list[int] = []
    tenant = db.session.get(Tenant, tenant_id)
    while tenant is not None and tenant.parent_id is not None and tenant.parent_id not in found:
        found.append(tenant.parent_id)
        tenant = db.session.get(Tenant, tenant.parent_id)
        if tenant is not None and not tenant.active:
            found.pop()  # an organisation switched off grants nothing
    return found


def network_admin_over(user: Any, tenant_id: int | None) -> bool:
    """Whether ``user`` administers an (active) network above ``tenant_id``."""
    if user is None or not getattr(user, "is_authenticated", False) or tenant_id is None:
        return False
    memberships = getattr(user, "memberships", None)
    if memberships is not None and not any(m.active and A in m.roles for m in memberships):
        return False  # an administrator nowhere: no network's to look up
    return any(A in roles_in(user, parent) for parent in ancestors(tenant_id))


def admin_over(user: Any, tenant: Any) -> bool:
    """An administrator of ``tenant`` itself or of a network above it."""
    return A in roles_in(user, tenant.id) or network_admin_over(user, tenant.id)


def can(user: Any, permission: str, tenant_id: int | None) -> bool:
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        raise KeyError(f"undeclared permission {permission!r}")
    if allowed & roles_in(user, tenant_id):
        return True
    return permission in INHERITED_BY_NETWORK_ADMINS and network_admin_over(user, tenant_id)


def require(permission: str) -> Callable[[View], View]:
    """Route decorator: the current user must hold ``permission`` in the tenant
    of the URL. Unknown or foreign tenants are 404, missing roles 403."""
    if permission not in PERMISSIONS:
        raise KeyError(f"undeclared permission {permission!r}")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            from flask_login import login_required

            tenant = g.get("tenant")
            if not current_user.is_authenticated:
                return login_required(view)(*args, **kwargs)
            if tenant is None or not can(current_user, permission, tenant.id):
                raise Forbidden()
            return view(*args, **kwargs)

        setattr(wrapped, "permission", permission)  # noqa: B010 - read by the URL-map tests
        return cast(View, wrapped)

    return decorator
