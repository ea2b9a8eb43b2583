"""The orders arrangement (a centre, goods in an open round, a household
with coupons) plus ways to fill the household's store and waste-bank credit
through their own services."""

from __future__ import annotations

import pytest

from core.db import db
from core.tenancy.context import tenant_context
from tests.market.orders.conftest import shop  # noqa: F401  (the fixture)


@pytest.fixture
def fill(shop):  # noqa: F811
    """``fill.store(satang)`` and ``fill.waste(satang)`` for the household (or another)."""
    from market.wallet import services as waste
    from market.wallet import store_credit

    counter = {"n": 0}

    def key(kind: str) -> str:
        counter["n"] += 1
        return f"test-{kind}-{counter['n']}"

    class Fill:
        @staticmethod
        def store(satang: int, household_id: int | None = None, source: str = "refund") -> int:
            with tenant_context(shop.tenant.id):
                entry = store_credit.credit(household_id or shop.household.id, satang, source=source,
                                            idempotency_key=key("store"), ref="test",
                                            actor_id=shop.staff.id)
                db.session.commit()
                return entry.id

        @staticmethod
        def waste(satang: int, household_id: int | None = None) -> int:
            # ฿10 a kilo: one gram earns one satang
            with tenant_context(shop.tenant.id):
                rate = waste.set_rate("ขวดพลาสติก", 1000)
                entry = waste.deposit(household_id or shop.household.id, rate.id, satang,
                                      idempotency_key=key("waste"), service_point_id=shop.point.id,
                                      operator_id=shop.staff.id)
                db.session.commit()
                return entry.id

    return Fill()
