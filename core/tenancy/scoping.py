"""Automatic tenant scoping of every ORM statement (the SQLAlchemy
``do_orm_execute`` + ``with_loader_criteria`` recipe), failing closed."""

from __future__ import annotations

import weakref

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.db import TenantScoped
from core.errors import N_
from core.tenancy.context import NoTenantContext, current_tenant_id, reset_tenant, set_tenant


class CrossTenantWrite(NoTenantContext):
    code = "cross_tenant_write"
    message = N_("A row of another tenant cannot be written in this context")


def _touches_tenant_rows(state: ORMExecuteState) -> bool:
    return any(
        isinstance(m.class_, type) and issubclass(m.class_, TenantScoped) for m in state.all_mappers
    )


_HELD = "_pansuk_held_tenant"


def _remember_tenant(session: Session, instance) -> None:
    """Keep the tenant of a row this session holds beside the object, where a
    commit's expiry does not reach (unlike ``tenant_id`` itself)."""
    if hasattr(type(instance), "tenant_id"):  # tenant rows, memberships too
        tenant_id = instance.__dict__.get("tenant_id")
        if tenant_id is not None:
            instance.__dict__[_HELD] = tenant_id


event.listen(Session, "loaded_as_persistent", _remember_tenant)
event.listen(Session, "pending_to_persistent", _remember_tenant)


def _refresh_in_own_tenant(state: ORMExecuteState):
    """Reloading the expired columns of an object this session already holds
    reads it in the tenant it was loaded from: the application holds that row
    already, so this widens nothing, and row-level security would otherwise
    hide it when the context has moved on (after a commit, in a task's next
    step)."""
    refresh = getattr(state.load_options, "_refresh_state", None)
    obj = refresh.obj() if refresh is not None else None
    tenant_id = obj.__dict__.get(_HELD) if obj is not None else None
    if tenant_id is None or tenant_id == current_tenant_id():
        return None
    token = set_tenant(tenant_id)
    try:
        return state.invoke_statement()
    finally:
        reset_tenant(token)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState):
    if state.is_column_load:
        return _refresh_in_own_tenant(state)
    if not (state.is_select or state.is_update or state.is_delete):
        return
    tenant_id = current_tenant_id()
    if tenant_id is None:
        if _touches_tenant_rows(state):
            raise NoTenantContext()
        return
    state.statement = _scoped(state.statement, tenant_id)


# A statement built once (the hot paths keep theirs) is scoped once per tenant,
# so SQLAlchemy computes the scoped statement's cache key once, not at every
# execution (a key walks the whole statement: a tenth of a millisecond and up).
# Keyed weakly: a statement built for one call takes its scoped copies with it.
# At most a few tenants' copies per statement: a worker serving thousands of
# organisations in turn keeps the recent ones, not one of each.
_SCOPED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
TENANTS_KEPT = 16


def _scoped(statement, tenant_id: int):
    by_tenant = _SCOPED.get(statement)
    if by_tenant is None:
        by_tenant = _SCOPED.setdefault(statement, {})
    found = by_tenant.get(tenant_id)
    if found is None:
        if len(by_tenant) >= TENANTS_KEPT:
            by_tenant.clear()
        found = by_tenant[tenant_id] = statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
            )
        )
    return found


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session: Session, flush_context, instances) -> None:
    """New rows take the tenant in context; no row is written for another."""
    tenant_id = current_tenant_id()
    for obj in session.new:
        if not isinstance(obj, TenantScoped):
            continue
        if obj.tenant_id is None:
            if tenant_id is None:
                raise NoTenantContext()
            obj.tenant_id = tenant_id
        elif tenant_id is not None and obj.tenant_id != tenant_id:
            raise CrossTenantWrite()
    if tenant_id is None:
        return
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise CrossTenantWrite()

