"""Row makers for the tenancy leak test: market stock-side tables."""

from __future__ import annotations

import secrets

ALIASES = {
    "centre_id": "market_centre",
    "item_id": "market_item",
    "count_id": "market_stock_count",
}


def makers(helpers) -> dict:
    from core.db import db
    from core.tenancy.context import tenant_context
    from market.models import catalog, stock

    def tag() -> str:
        return secrets.token_hex(4)

    def centre(tenant) -> int:
        return helpers.commit_in(tenant, catalog.Centre(name=f"ศูนย์ {tag()}"))

    def item(tenant, **kw) -> int:
        return helpers.commit_in(tenant, catalog.Item(name_th=f"ของ {tag()}", unit="ชิ้น", **kw))

    def service_point(tenant) -> int:
        return helpers.commit_in(tenant, catalog.ServicePoint(centre_id=centre(tenant), name="โต๊ะ"))

    def category(tenant) -> int:
        return helpers.commit_in(tenant, catalog.Category(name_th=f"หมวด {tag()}"))

    def kit_component(tenant) -> int:
        kit, part = item(tenant, is_kit=True), item(tenant)
        return helpers.commit_in(
            tenant, catalog.KitComponent(kit_id=kit, component_id=part, quantity=1)
        )

    def stock_level(tenant) -> int:
        return helpers.commit_in(
            tenant, stock.StockLevel(centre_id=centre(tenant), item_id=item(tenant), on_hand=1)
        )

    def movement(tenant) -> int:
        from market.stock import services

        c, i = centre(tenant), item(tenant, cost_satang=100)
        with tenant_context(tenant.id):
            row = services.receive(
                c, i, 1, kind="purchase", ref=None, unit_cost_satang=100, actor_id=None
            )
            db.session.commit()
            return row.id

    def stock_count(tenant) -> int:
        from market.stock import counts

        c = centre(tenant)
        item(tenant)
        with tenant_context(tenant.id):
            row = counts.start(c, actor_id=None)
            db.session.commit()
            return row.id

    def count_line(tenant) -> int:
        from market.models.stock import StockCountLine

        count_id = stock_count(tenant)
        with tenant_context(tenant.id):
            import sqlalchemy as sa

            return db.session.scalar(
                sa.select(StockCountLine.id).where(StockCountLine.count_id == count_id)
            )

    return {
        "market_centre": centre,
        "market_service_point": service_point,
        "market_category": category,
        "market_item": item,
        "market_kit_component": kit_component,
        "market_stock_level": stock_level,
        "market_stock_movement": movement,
        "market_stock_count": stock_count,
        "market_stock_count_line": count_line,
    }
