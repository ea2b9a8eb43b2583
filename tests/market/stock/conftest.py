"""Fixtures for market tests: a tenant in context with a centre and items."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.db import db
from core.tenancy.context import set_tenant
from market.models.catalog import Centre, Item, ServicePoint


@dataclass
class Shop:
    tenant: object
    centre: Centre
    point: ServicePoint
    rice: Item
    eggs: Item


def open_shop(tenant) -> Shop:
    set_tenant(tenant.id)
    centre = Centre(name=f"ศูนย์ {tenant.slug}")
    db.session.add(centre)
    db.session.flush()
    point = ServicePoint(centre_id=centre.id, name="โต๊ะ 1")
    rice = Item(
        name_th="ข้าวสาร 5 กก.",
        name_en="Rice 5 kg",
        unit="ถุง",
        price_satang=12000,
        cost_satang=15000,
    )
    eggs = Item(
        name_th="ไข่ไก่ 30 ฟอง",
        name_en="Eggs (30)",
        unit="แผง",
        price_satang=8000,
        cost_satang=10000,
        low_stock_threshold=5,
    )
    db.session.add_all([point, rice, eggs])
    db.session.commit()
    return Shop(tenant, centre, point, rice, eggs)


@pytest.fixture
def shop(ctx, make_tenant) -> Shop:
    return open_shop(make_tenant())
