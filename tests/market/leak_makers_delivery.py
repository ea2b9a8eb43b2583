"""Row makers for the tenancy leak test: delivery attempts."""

from __future__ import annotations


def makers(helpers) -> dict:
    from market.models.delivery import DeliveryAttempt
    from market.models.orders import Delivery
    from tests.market.leak_makers_orders import makers as order_makers

    def attempt(tenant) -> int:
        order_id = order_makers(helpers)["market_order"](tenant)
        delivery_id = helpers.commit_in(tenant, Delivery(order_id=order_id))
        return helpers.commit_in(tenant, DeliveryAttempt(delivery_id=delivery_id, reason="ไม่มีคนอยู่บ้าน"))

    return {"market_delivery_attempt": attempt}
