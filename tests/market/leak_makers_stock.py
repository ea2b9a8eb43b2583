"""Row makers for the tenancy leak test: market stock-side tables."""

from __future__ import annotations

import secrets

ALIASES = {
    "centre_id": "market_centre",
    "item_id": "market_item",
    "stock_count_id": "market_stock_count",
    "goods_donation_id": "market_donation",
    "barter_id": "market_barter",
    "goods_loan_id": "market_loan",
    "network_order_id": "market_network_order",
}


def makers(helpers) -> dict:
    import sqlalchemy as sa

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
            return db.session.scalar(
                sa.select(StockCountLine.id).where(StockCountLine.count_id == count_id)
            )

    def donation(tenant) -> int:
        from market.models.donations import GoodsDonation

        return helpers.commit_in(
            tenant,
            GoodsDonation(kind="cash", channel="staff", status="received", amount_satang=100),
        )

    def donation_line(tenant) -> int:
        from market.donations import services as donations

        c, i = centre(tenant), item(tenant, cost_satang=100)
        with tenant_context(tenant.id):
            row = donations.record_in_kind(
                {"centre_id": c}, [{"item_id": i, "quantity": 1, "unit_value": "1"}], actor_id=None
            )
            db.session.commit()
            return row.lines[0].id

    def barter(tenant) -> int:
        from market.models.exchange import Barter

        return helpers.commit_in(
            tenant,
            Barter(centre_id=centre(tenant), partner="x", value_out_satang=1, value_in_satang=1),
        )

    def barter_line(tenant) -> int:
        from market.models.exchange import BarterLine

        return helpers.commit_in(
            tenant,
            BarterLine(
                barter_id=barter(tenant),
                direction="in",
                item_id=item(tenant),
                quantity=1,
                value_satang=1,
            ),
        )

    def loan(tenant) -> int:
        from datetime import date

        from market.models.exchange import GoodsLoan

        household = helpers.make_household(tenant).id
        return helpers.commit_in(
            tenant,
            GoodsLoan(
                centre_id=centre(tenant),
                item_id=item(tenant),
                household_id=household,
                quantity=1,
                lent_on=date(2026, 1, 1),
                due_on=date(2026, 2, 1),
            ),
        )

    def offer(tenant) -> int:
        from market.models.exchange import SurplusOffer

        return helpers.commit_in(
            tenant,
            SurplusOffer(
                centre_id=centre(tenant),
                item_id=item(tenant),
                quantity=1,
                remaining=1,
                price_satang=1,
            ),
        )

    def network_order(tenant) -> int:
        from core.tenancy.models import Tenant
        from market.models.exchange import NetworkOrder

        with tenant_context(tenant.id):
            peer = (
                db.session.scalar(sa.select(Tenant.id).where(Tenant.id != tenant.id).limit(1))
                or tenant.id
            )
        return helpers.commit_in(
            tenant,
            NetworkOrder(
                side="purchase",
                peer_tenant_id=peer,
                centre_id=centre(tenant),
                item_id=item(tenant),
                item_name="x",
                quantity=1,
                price_satang=1,
            ),
        )

    def network_settlement(tenant) -> int:
        from datetime import date

        from core.ledger.services import get_or_create_account, post
        from market.models.exchange import NetworkOrder, NetworkSettlement

        order_id = network_order(tenant)
        with tenant_context(tenant.id):
            order = db.session.get(NetworkOrder, order_id)
            cash = get_or_create_account("general", "1000", "เงินสด", "Cash", "asset")
            capital = get_or_create_account("general", "3000", "ทุน", "Capital", "equity", may_go_negative=True)
            entry = post(entry_date=date(2026, 11, 23), memo="settled", idempotency_key=tag(),
                         lines=[(cash, 100), (capital, -100)])
            db.session.commit()
            peer, entry_id = order.peer_tenant_id, entry.id
        return helpers.commit_in(
            tenant,
            NetworkSettlement(network_order_id=order_id, side="purchase", journal_entry_id=entry_id,
                              peer_tenant_id=peer, amount_satang=1, method="cash"),
        )

    return {
        "market_network_settlement": network_settlement,
        "market_donation": donation,
        "market_donation_line": donation_line,
        "market_barter": barter,
        "market_barter_line": barter_line,
        "market_loan": loan,
        "market_surplus_offer": offer,
        "market_network_order": network_order,
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
