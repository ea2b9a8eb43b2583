"""Coupons in the background: activation on their first day and expiry
after their last (unspent value back to the programme budget)."""

from __future__ import annotations

from datetime import timedelta

from core.celery_app import celery, periodic
from core.tenancy.context import tenant_context


@celery.task(name="market.refresh_coupon_states", acks_late=True)
def refresh_coupon_states(tenant_id: int) -> dict:
    from core.db import transaction
    from market.coupons import issuing

    with tenant_context(tenant_id), transaction():
        return issuing.refresh_states()


@celery.task(name="market.refresh_coupon_states_all", acks_late=True)
def refresh_coupon_states_all() -> int:
    from core.tenancy import crossing
    from market.models.coupons import Coupon

    return crossing.fan_out(Coupon, refresh_coupon_states)


periodic("market.refresh_coupon_states", "market.refresh_coupon_states_all", timedelta(minutes=15))
