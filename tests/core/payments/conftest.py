"""Payment fixtures: a tenant in context with an income account to settle."""

from __future__ import annotations

import pytest

from core.db import db
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments import services
from core.tenancy.context import tenant_context


@pytest.fixture
def shop(ctx, make_tenant):
    tenant = make_tenant(slug="shop")
    with tenant_context(tenant.id):
        get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        db.session.commit()
    return tenant


@pytest.fixture
def make_payment(shop):
    def make(amount="100.00", method="fake", key=None, purpose="test.order:1", tenant=None, **kw):
        tenant = tenant or shop
        with tenant_context(tenant.id):
            sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
            payment = services.create_payment(
                purpose=purpose, amount=Money.parse(amount), method=method, credit_account=sales,
                idempotency_key=key or f"pay-{purpose}-{amount}-{method}", description="ข้าวสาร 5 กก.", **kw)
            db.session.commit()
            return payment

    return make
