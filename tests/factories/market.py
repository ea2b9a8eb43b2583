"""Market factories: centres, items, rounds, coupon programmes and coupons,
orders, each built through the market's own services where it has one (so
their rules apply) and flushed inside the tenant's context. ``make_x(tenant,
**overrides)``: the tenant first, sensible defaults, any field overridden by
keyword. They flush; the caller (a fixture, a test) commits, or passes
``commit=True`` where offered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import set_tenant, tenant_context
from tests.factories.core import seq


def today() -> date:
    """Today in Thailand."""
    return datetime.now(BANGKOK).date()


def make_centre(tenant, **kw):
    from market.models.catalog import Centre

    kw.setdefault("name", f"ศูนย์ {seq()}")
    with tenant_context(tenant.id):
        centre = Centre(**kw)
        db.session.add(centre)
        db.session.flush()
    return centre


def make_point(tenant, centre, **kw):
    from market.models.catalog import ServicePoint

    kw.setdefault("name", "โต๊ะ 1")
    with tenant_context(tenant.id):
        point = ServicePoint(centre_id=centre.id, **kw)
        db.session.add(point)
        db.session.flush()
    return point


def make_category(tenant, **kw):
    from market.models.catalog import Category

    n = seq()
    kw.setdefault("name_th", f"หมวด {n}")
    kw.setdefault("name_en", f"Category {n}")
    with tenant_context(tenant.id):
        category = Category(**kw)
        db.session.add(category)
        db.session.flush()
    return category


def make_item(tenant, **kw):
    from market.models.catalog import Item

    n = seq()
    kw.setdefault("name_th", f"สินค้า {n}")
    kw.setdefault("unit", "ชิ้น")
    with tenant_context(tenant.id):
        item = Item(**kw)
        db.session.add(item)
        db.session.flush()
    return item


@dataclass
class Shop:
    tenant: object
    centre: object
    point: object
    rice: object
    eggs: object


def make_shop(tenant) -> Shop:
    """A centre with a service point and two items (rice and eggs), committed;
    the tenant is left set (stock tests run in it)."""
    set_tenant(tenant.id)
    centre = make_centre(tenant, name=f"ศูนย์ {tenant.slug}")
    point = make_point(tenant, centre)
    rice = make_item(tenant, name_th="ข้าวสาร 5 กก.", name_en="Rice 5 kg", unit="ถุง",
                     price_satang=12000, cost_satang=15000)
    eggs = make_item(tenant, name_th="ไข่ไก่ 30 ฟอง", name_en="Eggs (30)", unit="แผง",
                     price_satang=8000, cost_satang=10000, low_stock_threshold=5)
    db.session.commit()
    set_tenant(tenant.id)
    return Shop(tenant, centre, point, rice, eggs)


def make_round(
    tenant,
    centre=None,
    *,
    actor_id: int | None = None,
    offers: dict | None = None,
    templates: list[dict] | None = None,
    **kw,
):
    """A round through ``rounds.services.save_round``: open, on tomorrow, with
    booking open from yesterday to tomorrow unless overridden. ``offers`` maps
    an item to ``(price_satang, limit_per_household)``; ``templates`` are
    ``add_template`` keywords, stamped into slots."""
    from market.rounds import services

    now = datetime.now(BANGKOK)
    tomorrow = today() + timedelta(days=1)
    centre = centre or make_centre(tenant)
    data = {
        "centre_id": centre.id,
        "name": f"รอบ {seq()}",
        "starts_on": tomorrow,
        "ends_on": tomorrow,
        "booking_opens_at": now - timedelta(days=1),
        "booking_closes_at": now + timedelta(days=1),
        "status": "open",
        **kw,
    }
    with tenant_context(tenant.id):
        round_ = services.save_round(data, actor_id=actor_id)
        for item, (price, limit) in (offers or {}).items():
            services.set_offer(round_.id, item.id, price_satang=price, limit_per_household=limit)
        for template in templates or ():
            services.add_template(round_.id, **template)
        if templates:
            services.stamp(round_.id)
        db.session.flush()
    return round_


def make_coupon_programme(tenant, *, actor_id: int | None = None, **kw):
    """A programme through ``coupons.issuing.save_programme``: coupons worth
    ฿100 unless overridden."""
    from market.coupons import issuing

    data = {"name": f"โครงการ {seq()}", "funder": "อบต.", "kind": "value", "value_satang": 10000, **kw}
    with tenant_context(tenant.id):
        return issuing.save_programme(data, actor_id=actor_id)


def issue_coupons(tenant, programme, household_ids, *, actor_id: int | None = None, round_id: int | None = None,
                  valid_from: date | None = None, valid_until: date | None = None) -> list:
    """Coupons of a programme for households through ``issuing.issue_round``,
    valid from yesterday for a week unless overridden; committed."""
    from market.coupons import issuing
    from market.models.coupons import Coupon

    with tenant_context(tenant.id):
        result = issuing.issue_round(
            programme.id, round_id=round_id, valid_from=valid_from or today() - timedelta(days=1),
            valid_until=valid_until or today() + timedelta(days=7), actor_id=actor_id,
            household_ids=list(household_ids),
        )
        db.session.commit()
        return [db.session.get(Coupon, coupon_id) for coupon_id in result.issued]


def make_order(tenant, round_, household, items, *, actor_id: int | None = None, **kw):
    """An order through ``orders.services.place``; ``items`` maps an item id
    to its quantity."""
    from market.orders import services

    with tenant_context(tenant.id):
        return services.place(household_id=household.id, round_id=round_.id, items=items, actor_id=actor_id, **kw)
