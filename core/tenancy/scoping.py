"""Automatic tenant scoping of every ORM statement (the SQLAlchemy
``do_orm_execute`` + ``with_loader_criteria`` recipe), failing closed."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.db import TenantScoped
from core.errors import N_
from core.tenancy.context import NoTenantContext, current_tenant_id, is_unscoped


class CrossTenantWrite(NoTenantContext):
    code = "cross_tenant_write"
    message = N_("A row of another tenant cannot be written in this context")


def _touches_tenant_rows(state: ORMExecuteState) -> bool:
    return any(
        isinstance(m.class_, type) and issubclass(m.class_, TenantScoped) for m in state.all_mappers
    )


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if state.is_column_load or is_unscoped():
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    tenant_id = current_tenant_id()
    if tenant_id is None:
        if _touches_tenant_rows(state):
            raise NoTenantContext()
        return
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped,
            lambda cls: cls.tenant_id == tenant_id,
            include_aliases=True,
        )
    )


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
        elif tenant_id is not None and obj.tenant_id != tenant_id and not is_unscoped():
            raise CrossTenantWrite()
    if tenant_id is None or is_unscoped():
        return
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise CrossTenantWrite()

