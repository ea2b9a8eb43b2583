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


def today():
    return datetime.now(BANGKOK).date()


@pytest.fixture
def shop(ctx, make_tenant, make_member, make_household, make_user):
    from market.coupons import issuing
    from market.models.catalog import Category, Centre, Item, ServicePoint
    from market.models.rounds import Round, RoundOffer, Slot
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
        centre = Centre(name="ศูนย์ทดสอบ")
        db.session.add(centre)
        db.session.flush()
        point = ServicePoint(centre_id=centre.id, name="Counter 1")
        food = Category(name_th="อาหาร", name_en="Food")
        db.session.add_all([point, food])
        db.session.flush()
        rice = Item(name_th="ข้าวสาร", name_en="Rice", unit="kg", category_id=food.id, price_satang=3000,
                    cost_satang=2500, limit_per_household=5)
        oil = Item(name_th="น้ำมันพืช", name_en="Cooking oil", unit="bottle", category_id=food.id,
                   price_satang=4500, cost_satang=4000)
        soap = Item(name_th="สบู่", name_en="Soap", unit="bar", price_satang=1000, cost_satang=800)
        db.session.add_all([rice, oil, soap])
        db.session.flush()
        rnd = Round(centre_id=centre.id, name="รอบทดสอบ", starts_on=today(), ends_on=today() + timedelta(days=2),
                    booking_opens_at=now - timedelta(days=1), booking_closes_at=now + timedelta(days=2),
                    status="open")
        db.session.add(rnd)
        db.session.flush()
        db.session.add_all([
            RoundOffer(round_id=rnd.id, item_id=rice.id, price_satang=2000, limit_per_household=3),
            RoundOffer(round_id=rnd.id, item_id=oil.id, price_satang=4000, limit_per_household=None),
            RoundOffer(round_id=rnd.id, item_id=soap.id, price_satang=500, limit_per_household=None),
        ])
        slot = Slot(round_id=rnd.id, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=1, minutes=15),
                    capacity=10, booked=0, position=1)
        db.session.add(slot)
        db.session.flush()
        for item, quantity in ((rice, 100), (oil, 50), (soap, 20)):
            stock.receive(centre.id, item.id, quantity, kind="purchase", ref=None, unit_cost_satang=None,
                          actor_id=staff.id, party="Supplier")
        programme = issuing.save_programme(
            {"name": "Food support", "funder": "อบต.", "kind": "value", "value_satang": 5000}, actor_id=staff.id)
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
