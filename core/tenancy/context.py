"""The tenant a unit of work acts for.

Every query on a tenant-owned model is filtered to the tenant in context (see
:mod:`core.tenancy.scoping`). No tenant in context is an error, never "all
tenants". The one escape hatch is :func:`unscoped`, used only for network
aggregates and admin tools; grep for it.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from core.errors import N_, DomainError

_tenant_id: ContextVar[int | None] = ContextVar("pansuk_tenant_id", default=None)
_unscoped: ContextVar[bool] = ContextVar("pansuk_unscoped", default=False)


class NoTenantContext(DomainError):
    code = "no_tenant_context"
    status = 500
    message = N_("No tenant in context")


def current_tenant_id() -> int | None:
    return _tenant_id.get()


def require_tenant_id() -> int:
    tenant_id = _tenant_id.get()
    if tenant_id is None:
        raise NoTenantContext()
    return tenant_id


def is_unscoped() -> bool:
    return _unscoped.get()


def set_tenant(tenant_id: int | None):
    """Set the tenant for the rest of this context (a request); returns a token
    for :func:`reset_tenant`."""
    return _tenant_id.set(tenant_id)


def reset_tenant(token) -> None:
    _tenant_id.reset(token)


@contextmanager
def tenant_context(tenant_id: int):
    token = _tenant_id.set(tenant_id)
    try:
        yield tenant_id
    finally:
        _tenant_id.reset(token)


@contextmanager
def unscoped():
    """Read across tenants. Only for network aggregates and admin tools."""
    token = _unscoped.set(True)
    try:
        yield
    finally:
        _unscoped.reset(token)
