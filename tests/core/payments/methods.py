"""Setting up an organisation's online payment methods the way its admin
does, through the settings services (so secrets are stored however those
services store them)."""

from __future__ import annotations

from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

STRIPE_TEST_KEY = "sk_test_51StubSecretKeyWXYZ"


def with_own_promptpay(tenant_id: int, phone: str = "0812345678") -> None:
    from core.payments.promptpay import settings as promptpay_settings

    with tenant_context(tenant_id):
        promptpay_settings.update(db.session.get(Tenant, tenant_id), {"kind": "mobile", "phone": phone},
                                  actor_id=None)
        db.session.commit()


def with_stripe(tenant_id: int, key: str = STRIPE_TEST_KEY) -> None:
    from core.payments.stripe import settings as stripe_settings

    with tenant_context(tenant_id):
        stripe_settings.update(db.session.get(Tenant, tenant_id), {"secret_key": key}, actor_id=None)
        db.session.commit()
