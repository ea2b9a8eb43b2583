"""Memberships of a tenant: adding people, changing roles, deactivating.
Every change is audited; a tenant never loses its last administrator.

Memberships are not scoped automatically, so every query here filters by the
tenant explicitly. Changes take a lock on the tenant row first, so two admins
demoting each other at once cannot both succeed."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record
from core.auth import rules
from core.auth.policies import PERMISSIONS, ancestors
from core.auth.services import find_user
from core.db import db
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from core.tenancy.models import ALL_ROLES, Membership, Tenant


class LastAdmin(Conflict):
    code = "last_admin"
    message = N_("This organisation needs at least one administrator")


def _lock_tenant(tenant_id: int, actor) -> None:
    """Serialise membership changes of a tenant, then make sure the actor is
    still allowed (another admin may have just changed their roles): an
    administrator here or of a network above. ``actor`` None is the server's
    operator at the command line."""
    db.session.execute(sa.select(Tenant.id).where(Tenant.id == tenant_id).with_for_update())
    if actor is None:
        return
    for place in (tenant_id, *ancestors(tenant_id)):
        roles = db.session.scalar(
            sa.select(Membership.roles).where(
                Membership.tenant_id == place,
                Membership.user_id == actor.id,
                Membership.active.is_(True),
            )
        )
        if PERMISSIONS["members.manage"] & set(roles or ()):
            return
    raise Forbidden()


def _clean_roles(roles) -> list[str]:
    chosen = [r for r in ALL_ROLES if r in set(roles or ())]
    if not chosen:
        raise ValidationError(N_("Please choose at least one role"), field="roles")
    return chosen


def find(tenant_id: int, membership_id: int) -> Membership:
    """The membership in this tenant, or NotFound (never another tenant's)."""
    return _membership(tenant_id, membership_id)


def _membership(tenant_id: int, membership_id: int) -> Membership:
    membership = db.session.scalar(
        sa.select(Membership)
        .where(Membership.id == membership_id, Membership.tenant_id == tenant_id)
        .execution_options(populate_existing=True)
    )
    if membership is None:
        raise NotFound()
    return membership


def _admin_ids(tenant_id: int) -> set[int]:
    """Fresh from the database (columns, not possibly stale loaded objects)."""
    rows = db.session.execute(
        sa.select(Membership.id, Membership.roles).where(
            Membership.tenant_id == tenant_id, Membership.active.is_(True)
        )
    )
    return {row.id for row in rows if "admin" in (row.roles or ())}


def _snapshot(m: Membership) -> dict:
    return {"roles": list(m.roles), "active": m.active}


def add_member(actor, tenant, login_text: str, roles) -> Membership:
    """Give an existing account a membership (or reactivate it) with roles."""
    roles = _clean_roles(roles)
    login = rules.parse_login(login_text, field="login")
    user = find_user(login)
    if user is None:
        raise ValidationError(
            N_(
                "No account has this phone number or email. Register the person in the "
                "registry and give them an invitation code instead."
            ),
            field="login",
        )
    _lock_tenant(tenant.id, actor)
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id, Membership.tenant_id == tenant.id
        )
    )
    before = _snapshot(membership) if membership else None
    if membership is None:
        membership = Membership(user_id=user.id, tenant_id=tenant.id, roles=roles, active=True)
        db.session.add(membership)
    elif membership.active:
        raise ValidationError(N_("This person is already a member"), field="login")
    else:
        membership.roles, membership.active = roles, True
    db.session.flush()
    record(
        "membership.add",
        actor_id=actor.id if actor is not None else None,
        target_type="membership",
        target_id=membership.id,
        before=before,
        after=_snapshot(membership),
    )
    return membership


def change_member(
    actor, tenant, membership_id: int, *, roles=None, active: bool | None = None
) -> Membership:
    """New roles and/or active flag for a membership of ``tenant``."""
    _lock_tenant(tenant.id, actor)
    membership = _membership(tenant.id, membership_id)
    new_roles = _clean_roles(roles) if roles is not None else list(membership.roles)
    new_active = membership.active if active is None else active
    if rules.leaves_no_admin(_admin_ids(tenant.id), membership.id, set(new_roles), new_active):
        raise LastAdmin()
    before = _snapshot(membership)
    membership.roles = new_roles
    membership.active = new_active
    db.session.flush()
    action = (
        "membership.roles"
        if active is None
        else "membership.deactivate"
        if not active
        else "membership.activate"
    )
    record(
        action,
        actor_id=actor.id if actor is not None else None,
        target_type="membership",
        target_id=membership.id,
        before=before,
        after=_snapshot(membership),
    )
    return membership


def set_roles(actor, tenant, membership_id: int, roles) -> Membership:
    return change_member(actor, tenant, membership_id, roles=roles)


def deactivate(actor, tenant, membership_id: int) -> Membership:
    return change_member(actor, tenant, membership_id, active=False)


def grant(actor, tenant, user, roles) -> Membership:
    """Give ``user`` these roles in ``tenant`` (in context), on top of any they
    hold; a membership is made or reactivated as needed. ``actor`` None is
    the server's operator at the command line."""
    roles = _clean_roles(roles)
    _lock_tenant(tenant.id, actor)
    membership = db.session.scalar(
        sa.select(Membership)
        .where(Membership.user_id == user.id, Membership.tenant_id == tenant.id)
        .execution_options(populate_existing=True)
    )
    before = _snapshot(membership) if membership else None
    if membership is None:
        membership = Membership(user_id=user.id, tenant_id=tenant.id, roles=roles, active=True)
        db.session.add(membership)
    else:
        held = list(membership.roles) if membership.active else []
        membership.roles = [r for r in ALL_ROLES if r in set(held) | set(roles)]
        membership.active = True
    db.session.flush()
    if before != _snapshot(membership):
        record(
            "membership.grant",
            actor_id=actor.id if actor is not None else None,
            target_type="membership",
            target_id=membership.id,
            before=before,
            after=_snapshot(membership),
        )
    return membership


class NotAMember(ValidationError):
    code = "not_a_member"
    message = N_("This person is not a member of this organisation")


def revoke(actor, tenant, user, roles=None) -> Membership:
    """Take these roles (all of them, and the membership, when ``roles`` is
    None or leaves none) from ``user`` in ``tenant``; never its last admin."""
    _lock_tenant(tenant.id, actor)
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id, Membership.tenant_id == tenant.id, Membership.active.is_(True)
        )
    )
    if membership is None:
        raise NotAMember(field="login")
    left = [] if roles is None else [r for r in membership.roles if r not in set(roles)]
    if left:
        return change_member(actor, tenant, membership.id, roles=left)
    return change_member(actor, tenant, membership.id, active=False)
