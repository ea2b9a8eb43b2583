"""Read side of tenancy, including the network aggregates (counts only, never
members' personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.db import db
from core.tenancy.models import Membership, Tenant


def public_tenants() -> list[Tenant]:
    return list(
        db.session.scalars(
            sa.select(Tenant).where(Tenant.active, Tenant.parent_id.is_(None)).order_by(Tenant.slug)
        )
    )


def tenant_by_slug(slug: str) -> Tenant | None:
    return db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))


def active_tenant_by_slug(slug: str) -> Tenant | None:
    """The tenant a ``/t/<slug>/`` URL names, if it is active."""
    return db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug, Tenant.active))


@cache
def _family_statement() -> sa.Select:
    """Built once: the slug is a bound parameter (building the statement costs
    more than running it on a small table)."""
    named = aliased(Tenant)
    slug = sa.bindparam("slug", type_=sa.String)
    me = sa.select(named.id).where(named.slug == slug, named.active).scalar_subquery()
    above = sa.select(named.parent_id).where(named.slug == slug, named.active).scalar_subquery()
    return sa.select(Tenant).where(sa.or_(Tenant.id == me, Tenant.parent_id == me, Tenant.id == above)).order_by(
        Tenant.slug
    )


def tenant_family(slug: str) -> list[Tenant]:
    """The active tenant ``slug`` names, the organisation above it and those
    right below it, in one statement (nothing when no active tenant has that
    slug): what :func:`active_tenant_by_slug` and :func:`parent_and_children`
    read, for the landing page. :func:`family_of` sorts them."""
    return list(db.session.scalars(_family_statement(), {"slug": slug}))


def family_of(slug: str, rows: list[Tenant]) -> tuple[Tenant | None, Tenant | None, list[Tenant]]:
    """(the tenant, the one above it, those below it by slug) of :func:`tenant_family`'s rows."""
    tenant = next((t for t in rows if t.slug == slug and t.active), None)
    if tenant is None:
        return None, None, []
    parent = next((t for t in rows if t.id == tenant.parent_id), None)
    below = sorted((t for t in rows if t.parent_id == tenant.id and t is not parent), key=lambda t: t.slug)
    return tenant, parent, below


def active_memberships(tenant_id: int) -> list[Membership]:
    """The tenant's active memberships (roles are read from each row)."""
    return list(db.session.scalars(
        sa.select(Membership).where(Membership.tenant_id == tenant_id, Membership.active)
    ))


def parent_of(tenant: Tenant) -> Tenant | None:
    return db.session.get(Tenant, tenant.parent_id) if tenant.parent_id is not None else None


def parent_and_children(tenant: Tenant) -> tuple[Tenant | None, list[Tenant]]:
    """The organisation above ``tenant`` and those right below it (by slug),
    read together in one statement."""
    below = Tenant.parent_id == tenant.id
    where = below if tenant.parent_id is None else sa.or_(below, Tenant.id == tenant.parent_id)
    rows = list(db.session.scalars(sa.select(Tenant).where(where).order_by(Tenant.slug)))
    parent = next((t for t in rows if t.id == tenant.parent_id), None)
    return parent, [t for t in rows if t.parent_id == tenant.id and t is not parent]


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
    """Counts per member tenant, read through the one named cross-tenant
    aggregate (:func:`core.tenancy.crossing.member_counts`): aggregates only,
    and only for the network the request is bound to."""
    from core.tenancy import crossing

    members = descendants(network)
    if not members:
        return []
    counts = crossing.member_counts(network.id)
    rows = []
    for member in members:
        found = counts.get(member.id, crossing.Counts(0, 0, 0))
        rows.append(MemberCounts(member, found.villages, found.households, found.people))
    return rows


def memberships_of(user_id: int, tenant_id: int | None = None) -> list[tuple[Membership, Tenant]]:
    """A user's active memberships of active tenants, by slug; only ``tenant_id``'s when given."""
    stmt = (
        sa.select(Membership, Tenant)
        .join(Tenant, Tenant.id == Membership.tenant_id)
        .where(Membership.user_id == user_id, Membership.active, Tenant.active)
        .order_by(Tenant.slug)
    )
    if tenant_id is not None:
        stmt = stmt.where(Tenant.id == tenant_id)
    return [(m, t) for m, t in db.session.execute(stmt).all()]
