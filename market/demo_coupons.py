"""Demo coupons and a distribution round in Khok Sai: a programme of the
council for vulnerable households (100 baht a member, at most 4), an open
round at the goods centre with goods on offer and 15-minute slots for a
week, coupons for every eligible household, a few bookings and waste-bank
rates.

Runs after the stock demo (needs its centre and goods) and before the order
demo. Idempotent: found by name, issued once per household."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from core import clock, modules
from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "khok-sai"
PROGRAMME = "คูปองช่วยเหลือครัวเรือนเปราะบาง"
ROUND = "รอบแจกจ่ายสินค้าราคาถูก (ตัวอย่าง)"
OFFER = (
    "ข้าวสาร 5 กก.",
    "ไข่ไก่ 30 ฟอง",
    "น้ำมันพืช 1 ลิตร",
    "น้ำปลา 700 มล.",
    "ปลากระป๋อง",
    "สบู่",
    "ถุงยังชีพ",
)
RATES = {"ขวดพลาสติก PET": 800, "กระป๋องอะลูมิเนียม": 4000, "กระดาษลัง": 300}
BOOKINGS = 20


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        return _seed()


def _seed() -> str:
    from market.coupons import issuing
    from market.models.catalog import Centre
    from market.models.coupons import Programme

    centre = db.session.scalar(sa.select(Centre).order_by(Centre.id).limit(1))
    if centre is None:
        return ""
    rnd = _round(centre.id)
    programme = db.session.scalar(sa.select(Programme).where(Programme.name == PROGRAMME))
    if programme is None:
        programme = issuing.save_programme(
            {
                "name": PROGRAMME,
                "funder": "องค์การบริหารส่วนตำบลโคกทราย",
                "purpose": "ช่วยค่าครองชีพผู้สูงอายุ ผู้พิการ ผู้ป่วยติดเตียง ผู้ป่วยเรื้อรัง และครัวเรือนยากลำบาก",
                "kind": "value",
                "value_satang": 10000,
                "per_member": True,
                "size_cap": 4,
                "eligibility_flags": [
                    "elderly",
                    "disabled",
                    "bedridden",
                    "chronic_illness",
                    "hardship",
                ],
            },
            actor_id=None,
        )
    result = issuing.issue_round(
        programme.id,
        round_id=rnd.id,
        valid_from=rnd.starts_on - timedelta(days=1),
        valid_until=rnd.ends_on + timedelta(days=7),
        actor_id=None,
    )
    booked = _bookings(rnd)
    _rates()
    return (
        f"market coupons: {len(result.issued)} coupons issued ({result.already} already), "
        f"round {rnd.name} with {booked} new bookings"
    )


def _round(centre_id: int):
    from market.models.catalog import Item
    from market.models.rounds import Round
    from market.rounds import services

    rnd = db.session.scalar(sa.select(Round).where(Round.name == ROUND))
    if rnd is not None:
        return rnd
    today = clock.today()
    rnd = services.save_round(
        {
            "centre_id": centre_id,
            "name": ROUND,
            "starts_on": today + timedelta(days=1),
            "ends_on": today + timedelta(days=7),
            "booking_opens_at": datetime.combine(today - timedelta(days=1), time(8), BANGKOK),
            "booking_closes_at": datetime.combine(today + timedelta(days=7), time(12), BANGKOK),
            "status": "open",
            "grace_minutes": 30,
        },
        actor_id=None,
    )
    for item in db.session.scalars(
        sa.select(Item).where(Item.name_th.in_(OFFER)).order_by(Item.id)
    ):
        services.set_offer(
            rnd.id,
            item.id,
            price_satang=item.price_satang,
            limit_per_household=item.limit_per_household,
        )
    services.add_template(
        rnd.id, start_time=time(9), end_time=time(12), interval_minutes=15, capacity=10
    )
    services.stamp(rnd.id)
    return rnd


def _bookings(rnd) -> int:
    from core.errors import DomainError
    from core.registry.models import Household
    from market.models.rounds import Booking
    from market.rounds import services

    if db.session.scalar(
        sa.select(sa.func.count()).select_from(Booking).where(Booking.round_id == rnd.id)
    ):
        return 0
    slots = services.slots(rnd.id)
    made = 0
    for n, household_id in enumerate(
        db.session.scalars(sa.select(Household.id).order_by(Household.id).limit(BOOKINGS))
    ):
        try:
            with db.session.begin_nested():
                services.book(rnd.id, household_id, slots[n // 5].id, actor_id=None)
            made += 1
        except DomainError:
            continue
    return made


def _rates() -> None:
    from market.wallet import services

    for material, satang in RATES.items():
        services.set_rate(material, satang)


modules.register_demo("market.coupons", seed)
