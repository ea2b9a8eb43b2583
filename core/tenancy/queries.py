"""Read side of tenancy, including the network aggregates (counts only, never
members' personal data)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import unscoped
from core.tenancy.models import Tenant


def public_tenants() -> list[Tenant]:
    return list(
        db.session.scalars(
            sa.select(Tenant).where(Tenant.active, Tenant.parent_id.is_(None)).order_by(Tenant.slug)
        )
    )


def tenant_by_slug(slug: str) -> Tenant | None:
    return db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))


def descendants(tenant: Tenant) -> list[Tenant]:
    """All tenants below ``tenant`` (breadth-first), for network aggregates."""
    found: list[Tenant] = []
    frontier = [tenant.id]
    while frontier:
        children = list(
            db.session.scalars(
                sa.select(Tenant).where(Tenant.parent_id.in_(frontier)).order_by(Tenant.slug)
            )
        )
        found.extend(children)
        frontier = [c.id for c in children]
    return found


@dataclass(frozen=True)
class MemberCounts:
    tenant: Tenant
    villages: int
    households: int
    people: int


def network_summary(network: Tenant) -> list[MemberCounts]:
    """Counts per member tenant. Uses ``unscoped()`` — the one sanctioned use —
    and selects aggregates only."""
    from core.registry.models import Household, Person, Village

    members = descendants(network)
    if not members:
        return []
    ids = [m.id for m in members]

    def counts(model) -> dict[int, int]:
        rows = db.session.execute(
            sa.select(model.tenant_id, sa.func.count())
            .where(model.tenant_id.in_(ids))
            .group_by(model.tenant_id)
        )
        return dict(rows.all())

    with unscoped():
        villages, households, people = counts(Village), counts(Household), counts(Person)
    return [
        MemberCounts(m, villages.get(m.id, 0), households.get(m.id, 0), people.get(m.id, 0))
        for m in members
    ]
