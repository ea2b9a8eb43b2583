"""Fixtures for market tests: a tenant in context with a centre and items,
and a member of its staff."""

from __future__ import annotations

import pytest

from core.tenancy.context import set_tenant
from tests.factories.market import Shop, make_shop


@pytest.fixture
def shop(ctx, make_tenant) -> Shop:
    return make_shop(make_tenant())


@pytest.fixture
def staff(shop, make_member):
    user = make_member(shop.tenant, "staff")
    set_tenant(shop.tenant.id)
    return user
