"""Read side of accounts: a user's tenants, a tenant's members, tokens."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from core.auth.models import ApiToken, User
from core.db import db
from core.tenancy.models import Membership, Tenant


def active_memberships(user_id: int) -> list[Membership]:
    """The user's active memberships in active tenants, by tenant name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Tenant, Tenant.id == Membership.tenant_id)
            .where(
                Membership.user_id == user_id, Membership.active.is_(True), Tenant.active.is_(True)
            )
            .options(selectinload(Membership.tenant))
            .order_by(Tenant.name_th)
        )
    )


def members_of(tenant_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User, User.id == Membership.user_id)
            .where(Membership.tenant_id == tenant_id)
            .options(selectinload(Membership.user))
            .order_by(Membership.active.desc(), User.display_name, Membership.id)
        )
    )


def tokens_of(user_id: int) -> list[ApiToken]:
    """The user's tokens in the tenant in context."""
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user_id)
            .order_by(ApiToken.created_at.desc())
        )
    )
