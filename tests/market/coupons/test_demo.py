"""The coupon and round demo for Khok Sai: loads after the stock demo and
loading twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from core import modules
from core.db import db
from core.tenancy.context import tenant_context


def test_demo_coupons_are_idempotent(ctx, monkeypatch):
    import market.demo_coupons
    import market.demo_stock  # noqa: F401
    from core.demo.load import load
    from core.ledger import queries as ledger_queries
    from core.tenancy.models import Tenant
    from market.models.coupons import Coupon
    from market.models.rounds import Booking, Slot

    only = {k: v for k, v in modules._DEMO.items() if k in ("market.0_stock", "market.coupons")}
    monkeypatch.setattr(modules, "_DEMO", only)
    load()
    db.session.commit()
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))
    with tenant_context(tenant.id):
        coupons = db.session.scalar(sa.select(sa.func.count()).select_from(Coupon))
        assert coupons > 50
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Slot)) == 7 * 12
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 20
        assert ledger_queries.verify_balances() == []
    assert market.demo_coupons.seed().startswith("market coupons: 0 coupons issued")
    db.session.commit()
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Coupon)) == coupons
