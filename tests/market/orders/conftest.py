"""Arrangements for order tests: a tenant with a centre, items in stock, an
open round offering them with limits, a household with a member who logs in,
staff, and coupons issued through the coupon services."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from tests.factories.market import (
    make_category,
    make_centre,
    make_coupon_programme,
    make_item,
    make_point,
    make_round,
)
from tests.factories.market import today as today


@pytest.fixture
def shop(ctx, make_tenant, make_member, make_household, make_user):
    from market.coupons import issuing
    from market.models.rounds import Slot
    from market.stock import services as stock

    tenant = make_tenant(slug="khok-orders")
    staff = make_member(tenant, "staff", display_name="Somsri Staff")
    volunteer = make_member(tenant, "volunteer", display_name="Wichai Volunteer")
    household = make_household(tenant, members=2)
    other = make_household(tenant, members=1)
    hh_user = make_member(tenant, "household", display_name="Head of household")
    other_user = make_member(tenant, "household", display_name="Other household")
    now = datetime.now(BANGKOK)
    with tenant_context(tenant.id):
        for user, hh in ((hh_user, household), (other_user, other)):
            head = db.session.get(type(hh), hh.id).head
            head.user_id = user.id
    centre = make_centre(tenant, name="ศูนย์ทดสอบ")
    point = make_point(tenant, centre, name="Counter 1")
    food = make_category(tenant, name_th="อาหาร", name_en="Food")
    rice = make_item(tenant, name_th="ข้าวสาร", name_en="Rice", unit="kg", category_id=food.id, price_satang=3000,
                     cost_satang=2500, limit_per_household=5)
    oil = make_item(tenant, name_th="น้ำมันพืช", name_en="Cooking oil", unit="bottle", category_id=food.id,
                    price_satang=4500, cost_satang=4000)
    soap = make_item(tenant, name_th="สบู่", name_en="Soap", unit="bar", price_satang=1000, cost_satang=800)
    rnd = make_round(tenant, centre, actor_id=staff.id, name="รอบทดสอบ", starts_on=today(),
                     ends_on=today() + timedelta(days=2), booking_opens_at=now - timedelta(days=1),
                     booking_closes_at=now + timedelta(days=2),
                     offers={rice: (2000, 3), oil: (4000, None), soap: (500, None)})
    with tenant_context(tenant.id):
        # an hour ahead, but on today's date in Thailand whatever the hour: a booking is checked in
        # only on its slot's day, and at 23:00 an hour ahead is tomorrow
        starts_at = min(now + timedelta(hours=1), now.replace(hour=23, minute=30, second=0, microsecond=0))
        ends_at = max(starts_at + timedelta(minutes=15), now + timedelta(minutes=30))
        slot = Slot(round_id=rnd.id, starts_at=starts_at, ends_at=ends_at, capacity=10, booked=0, position=1)
        db.session.add(slot)
        db.session.flush()
        for item, quantity in ((rice, 100), (oil, 50), (soap, 20)):
            stock.receive(centre.id, item.id, quantity, kind="purchase", ref=None, unit_cost_satang=None,
                          actor_id=staff.id, party="Supplier")
        programme = make_coupon_programme(tenant, actor_id=staff.id, name="Food support", value_satang=5000)
        db.session.commit()
        ns = SimpleNamespace(tenant=tenant, staff=staff, volunteer=volunteer, household=household, other=other,
                             hh_user=hh_user, other_user=other_user, centre=centre, point=point, rice=rice,
                             oil=oil, soap=soap, round=rnd, slot=slot, programme=programme)

    def coupon(household_id=None, value_satang=None, **programme_kw):
        with tenant_context(tenant.id):
            programme = ns.programme
            if value_satang is not None or programme_kw:
                data = {"name": f"Programme {value_satang}-{len(programme_kw)}-{time.monotonic_ns()}",
                        "kind": "value", "value_satang": value_satang or 5000, **programme_kw}
                programme = issuing.save_programme(data, actor_id=staff.id)
            result = issuing.issue_round(programme.id, round_id=None, valid_from=today() - timedelta(days=1),
                                         valid_until=today() + timedelta(days=7), actor_id=staff.id,
                                         household_ids=[household_id or household.id])
            db.session.commit()
            from market.models.coupons import Coupon

            return db.session.get(Coupon, result.issued[0])

    ns.coupon = coupon
    return ns


def place(shop, items, household=None, **kw):
    from market.orders import services

    kw.setdefault("actor_id", shop.staff.id)
    return services.place(household_id=(household or shop.household).id, round_id=shop.round.id,
                          items=items, **kw)


def available(shop, item) -> int:
    from market.stock import services as stock

    return stock.available(shop.centre.id, item.id)
