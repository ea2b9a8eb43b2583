"""Shared arrangements for coupon tests: a tenant with a centre, a service
point, items, a programme and coupons."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from core.db import db
from core.tenancy.context import tenant_context
from tests.factories.market import (
    make_category,
    make_centre,
    make_coupon_programme,
    make_item,
    make_point,
    today,
)


@pytest.fixture
def market(ctx, make_tenant, make_member, make_household):
    """One tenant with what a coupon needs; ``coupon(...)`` issues more."""
    from market.coupons import issuing

    tenant = make_tenant(slug="khok-test")
    staff = make_member(tenant, "staff", display_name="Somsri Staff")
    household = make_household(tenant, members=3)
    centre = make_centre(tenant, name="ศูนย์ทดสอบ")
    point = make_point(tenant, centre, name="Counter 1")
    food = make_category(tenant, name_th="อาหาร", name_en="Food")
    tools = make_category(tenant, name_th="เครื่องมือ", name_en="Tools")
    rice = make_item(tenant, name_th="ข้าวสาร", name_en="Rice", unit="kg", category_id=food.id,
                     price_satang=3000, cost_satang=2500)
    hoe = make_item(tenant, name_th="จอบ", name_en="Hoe", unit="piece", category_id=tools.id,
                    price_satang=15000, cost_satang=12000)
    programme = make_coupon_programme(tenant, actor_id=staff.id, name="Food support", value_satang=10000)
    with tenant_context(tenant.id):
        db.session.commit()
        ns = SimpleNamespace(
            tenant=tenant,
            staff=staff,
            household=household,
            centre=centre,
            point=point,
            food=food,
            tools=tools,
            rice=rice,
            hoe=hoe,
            programme=programme,
        )

    def coupon(value_satang=10000, household_id=None, valid_from=None, valid_until=None, **kw):
        from market.models.coupons import Coupon

        with tenant_context(tenant.id):
            c = Coupon(
                code=issuing.new_code(),
                household_id=household_id or household.id,
                programme_id=programme.id,
                value_satang=value_satang,
                balance_satang=value_satang,
                state="active",
                valid_from=issuing.day_start(valid_from or today() - timedelta(days=1)),
                valid_until=issuing.day_end(valid_until or today() + timedelta(days=7)),
                **kw,
            )
            db.session.add(c)
            db.session.flush()
            issuing.post_issue(c, db.session.get(type(programme), programme.id), None)
            db.session.commit()
            return c

    ns.coupon = coupon
    return ns
