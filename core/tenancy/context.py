"""The tenant a unit of work acts for, and the user it acts as.

Every query on a tenant-owned model is filtered to the tenant in context (see
:mod:`core.tenancy.scoping`), and on PostgreSQL the transaction is bound to it
(see :mod:`core.tenancy.rls`). No tenant in context is an error, never "all
tenants": there is no switch that widens either. The few reads that must
cross tenants are the named functions of :mod:`core.tenancy.crossing`.

The acting user is bound too, so that a user's own memberships in other
tenants are visible to them (to pick a tenant) and to nobody else.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from core.errors import N_, DomainError

_tenant_id: ContextVar[int | None] = ContextVar("pansuk_tenant_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("pansuk_user_id", default=None)


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


def set_tenant(tenant_id: int | None):
    """Set the tenant for the rest of this context (a request); returns a token
    for :func:`reset_tenant`."""
    return _tenant_id.set(tenant_id)


def reset_tenant(token) -> None:
    _tenant_id.reset(token)


@contextmanager
def tenant_context(tenant_id: int):
    """Act for ``tenant_id`` inside the block. Changes made inside are flushed
    before it ends: on PostgreSQL a row is written only while its tenant is
    bound, so a change left for a later flush would find no row."""
    token = _tenant_id.set(tenant_id)
    try:
        yield tenant_id
        _flush_pending()
    finally:
        _tenant_id.reset(token)


def _flush_pending() -> None:
    from flask import has_app_context

    if not has_app_context():
        return
    from core.db import db

    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.flush()


def current_user_id() -> int | None:
    return _user_id.get()


def set_user(user_id: int | None):
    """The user a request acts as (set when the session or token is loaded,
    cleared at the end of the request)."""
    return _user_id.set(user_id)


def reset_user(token) -> None:
    _user_id.reset(token)


@contextmanager
def user_context(user_id: int | None):
    token = _user_id.set(user_id)
    try:
        yield user_id
    finally:
        _user_id.reset(token)
