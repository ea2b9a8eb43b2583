"""The stock demo seeds the Khok Sai centre once and balances its ledger."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market import demo_stock
from market.models.catalog import Centre, Item
from market.stock import services


def test_demo_stock_is_idempotent_and_balanced(ctx, make_tenant):
    tenant = make_tenant(slug="khok-sai")
    summary = demo_stock.seed()
    db.session.commit()
    assert "1 centre" in summary
    assert demo_stock.seed() == ""
    with tenant_context(tenant.id):
        centre = db.session.scalar(sa.select(Centre))
        assert centre.name == demo_stock.CENTRE and len(centre.service_points) == 3
        bag = db.session.scalar(sa.select(Item).where(Item.is_kit.is_(True)))
        assert services.available(centre.id, bag.id) == demo_stock.KITS_ASSEMBLED
        rice = db.session.scalar(sa.select(Item).where(Item.name_en == "Rice 5 kg"))
        assert services.available(centre.id, rice.id) == 300 - demo_stock.KITS_ASSEMBLED + 100
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Item)) == 16
        assert ledger_queries.verify_balances() == []
