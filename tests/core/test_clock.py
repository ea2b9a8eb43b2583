"""The one clock: between 00:00 and 07:00 in Bangkok the server's UTC date is
still yesterday; every "today" must be Thailand's (the tenant's) date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core import clock
from core.db import db
from core.tenancy.context import tenant_context

# 05:00 on 7 December in Bangkok is 22:00 on 6 December in UTC.
DAWN_IN_THAILAND = datetime(2026, 12, 6, 22, 0, tzinfo=UTC)


def test_today_is_thailands_date_before_seven_in_the_morning():
    with clock.fixed_at(DAWN_IN_THAILAND):
        assert DAWN_IN_THAILAND.date() == date(2026, 12, 6)
        assert clock.today() == date(2026, 12, 7)
        assert clock.now().hour == 5
        assert clock.now().utcoffset().total_seconds() == 7 * 3600


def test_the_clock_is_the_tenants_own_zone(ctx, make_tenant):
    tenant = make_tenant(slug="clock-utc-tenant", timezone="UTC")
    with tenant_context(tenant.id):
        from core.tenancy.models import Tenant

        db.session.expire_all()
        db.session.get(Tenant, tenant.id)
        with clock.fixed_at(DAWN_IN_THAILAND):
            assert clock.today() == date(2026, 12, 6)
            assert clock.today(tenant.id) == date(2026, 12, 6)
    with clock.fixed_at(DAWN_IN_THAILAND):
        assert clock.today() == date(2026, 12, 7), "outside the tenant: Thailand"


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError), clock.fixed_at(datetime(2026, 12, 6, 22, 0)):  # noqa: DTZ001
        pass
