"""The PGS demo: certificates in every state, made through the workflow; idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db


def test_demo_seed_is_complete_and_idempotent(ctx, make_tenant):
    from core.tenancy.context import set_tenant
    from producers import demo_pgs
    from producers.models.pgs import Certificate, Plot

    tenant = make_tenant(slug="songkhla-pgs", kind="pgs_network")
    summary = demo_pgs.seed()
    db.session.commit()
    assert "plots" in summary
    assert demo_pgs.seed() == ""
    db.session.commit()
    set_tenant(tenant.id)
    assert 25 <= db.session.scalar(sa.select(sa.func.count(Plot.id))) <= 40
    statuses = {(c.level, c.status) for c in db.session.scalars(sa.select(Certificate))}
    assert {
        ("organic", "active"),
        ("in_conversion", "active"),
        ("organic", "suspended"),
        ("organic", "revoked"),
        ("organic", "expired"),
    } <= statuses
