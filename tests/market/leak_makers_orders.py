"""Row makers for the tenancy leak test: orders, their lines, coupon links,
quotas and deliveries."""

from __future__ import annotations

import secrets
from datetime import timedelta

from core import clock

ALIASES = {
    "order_id": "market_order",
    "delivery_id": "market_delivery",
}


def makers(helpers) -> dict:
    from core.db import utcnow
    from market.models import catalog, orders, rounds

    def tag() -> str:
        return secrets.token_hex(4)

    def centre(tenant) -> int:
        return helpers.commit_in(tenant, catalog.Centre(name=f"ศูนย์ {tag()}"))

    def item(tenant) -> int:
        return helpers.commit_in(tenant, catalog.Item(name_th=f"ของ {tag()}", unit="ชิ้น", price_satang=100))

    def round_(tenant, centre_id: int) -> int:
        now = utcnow()
        return helpers.commit_in(tenant, rounds.Round(
            centre_id=centre_id, name=f"รอบ {tag()}", starts_on=clock.today(), ends_on=clock.today() + timedelta(days=1),
            booking_opens_at=now - timedelta(days=1), booking_closes_at=now + timedelta(days=1), status="open"))

    def order(tenant) -> int:
        c = centre(tenant)
        household = helpers.make_household(tenant)
        return helpers.commit_in(tenant, orders.Order(round_id=round_(tenant, c), centre_id=c,
                                                      household_id=household.id, total=100))

    def order_line(tenant) -> int:
        return helpers.commit_in(tenant, orders.OrderLine(order_id=order(tenant), item_id=item(tenant),
                                                          item_name_th="ของ", quantity=1, unit_price=100,
                                                          amount=100))

    def quota(tenant) -> int:
        c = centre(tenant)
        return helpers.commit_in(tenant, orders.OrderQuota(household_id=helpers.make_household(tenant).id,
                                                           round_id=round_(tenant, c), item_id=item(tenant),
                                                           ordered=1))

    def order_coupon(tenant) -> int:
        from market.models import coupons

        order_id = order(tenant)
        programme = helpers.commit_in(tenant, coupons.Programme(name=f"โครงการ {tag()}", value_satang=100))
        now = utcnow()
        coupon = helpers.commit_in(tenant, coupons.Coupon(
            code=tag().upper() + tag().upper(), household_id=helpers.make_household(tenant).id,
            programme_id=programme, value_satang=100, balance_satang=50, state="partly_used",
            valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=1)))
        redemption = helpers.commit_in(tenant, coupons.Redemption(coupon_id=coupon, amount_satang=50,
                                                                  idempotency_key=tag(), ref="leak"))
        return helpers.commit_in(tenant, orders.OrderCoupon(order_id=order_id, coupon_id=coupon,
                                                            redemption_id=redemption, amount=50))

    def delivery(tenant) -> int:
        return helpers.commit_in(tenant, orders.Delivery(order_id=order(tenant), status="waiting"))

    return {
        "market_order": order,
        "market_order_line": order_line,
        "market_order_quota": quota,
        "market_order_coupon": order_coupon,
        "market_delivery": delivery,
    }
