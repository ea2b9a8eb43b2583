"""Demo goods centre of the Khok Sai council: the centre and its service
points, about fifteen goods at low-cost prices, the survival bag as a kit,
opening stock, a few kits assembled, a donation in cash and one in kind, and
goods lent from the assistive-device and diaper bank.

Runs before the coupon, round and order demo data (its key sorts first).
Idempotent: nothing happens when the centre already exists."""

from __future__ import annotations

import sqlalchemy as sa

from core import modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "khok-sai"
CENTRE = "ศูนย์จำหน่ายสินค้าราคาถูก ตำบลโคกทราย"
POINTS = ("จุดบริการ 1 (รับสินค้า)", "จุดบริการ 2 (ชำระเงิน)", "จุดบริการ 3 (จัดส่งโดย อสม.)")

CATEGORIES = {
    "rice": ("ข้าวและอาหารแห้ง", "Rice and dry food"),
    "fresh": ("อาหารสด", "Fresh food"),
    "kitchen": ("เครื่องปรุงและของใช้ในครัว", "Seasoning and kitchen"),
    "care": ("ของใช้ส่วนตัวและอนามัย", "Personal care and hygiene"),
    "aid": ("อุปกรณ์ช่วยเหลือ", "Assistive devices"),
}

# key: (Thai, English, unit, category, price baht, cost baht, limit per household, alert at, opening stock)
ITEMS = {
    "rice": ("ข้าวสาร 5 กก.", "Rice 5 kg", "ถุง", "rice", 120, 150, 2, 20, 300),
    "eggs": ("ไข่ไก่ 30 ฟอง", "Eggs (tray of 30)", "แผง", "fresh", 80, 105, 2, 20, 200),
    "oil": ("น้ำมันพืช 1 ลิตร", "Cooking oil 1 l", "ขวด", "kitchen", 35, 48, 2, 20, 250),
    "fish_sauce": ("น้ำปลา 700 มล.", "Fish sauce 700 ml", "ขวด", "kitchen", 15, 22, 2, 20, 250),
    "sugar": ("น้ำตาลทราย 1 กก.", "Sugar 1 kg", "ถุง", "kitchen", 18, 25, 2, 20, 200),
    "noodles": (
        "บะหมี่กึ่งสำเร็จรูป (แพ็ค 10)",
        "Instant noodles (10)",
        "แพ็ค",
        "rice",
        45,
        60,
        3,
        30,
        400,
    ),
    "canned_fish": ("ปลากระป๋อง", "Canned fish", "กระป๋อง", "rice", 12, 17, 6, 50, 900),
    "milk": ("นม UHT (แพ็ค 4)", "UHT milk (4)", "แพ็ค", "fresh", 30, 40, 4, 20, 300),
    "dried_fish": ("ปลาเค็ม", "Salted fish", "ถุง", "fresh", 25, 35, 2, 10, 120),
    "soap": ("สบู่", "Soap", "ก้อน", "care", 8, 12, 4, 30, 400),
    "toothpaste": ("ยาสีฟัน", "Toothpaste", "หลอด", "care", 20, 28, 2, 20, 200),
    "masks": ("หน้ากากอนามัย (กล่อง 50)", "Face masks (50)", "กล่อง", "care", 40, 55, 1, 20, 150),
    "gel": ("เจลแอลกอฮอล์ 500 มล.", "Alcohol gel 500 ml", "ขวด", "care", 35, 50, 1, 20, 150),
    "diapers": ("ผ้าอ้อมผู้ใหญ่ (แพ็ค 10)", "Adult diapers (10)", "แพ็ค", "care", 90, 130, 4, 20, 150),
    "wheelchair": ("รถเข็นผู้ป่วย", "Wheelchair", "คัน", "aid", 0, 2500, None, 1, 6),
}
LENDABLE = {"wheelchair", "diapers"}

KIT = ("ถุงยังชีพ", "Survival bag", "ถุง", "rice", 250)
KIT_PARTS = {
    "rice": 1,
    "eggs": 1,
    "oil": 1,
    "fish_sauce": 1,
    "noodles": 1,
    "canned_fish": 3,
    "soap": 2,
}
KITS_ASSEMBLED = 40


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        return _seed()


def _seed() -> str:
    from market.catalog import services as catalog
    from market.models.catalog import Category, Centre, Item, ServicePoint
    from market.stock import kits
    from market.stock import services as stock

    if db.session.scalar(sa.select(Centre.id).where(Centre.name == CENTRE)) is not None:
        return ""
    centre = Centre(name=CENTRE, address="ที่ทำการสภาองค์กรชุมชนตำบลโคกทราย อำเภอป่าบอน จังหวัดพัทลุง")
    db.session.add(centre)
    db.session.flush()
    db.session.add_all(ServicePoint(centre_id=centre.id, name=name) for name in POINTS)
    categories = {}
    for key, (th, en) in CATEGORIES.items():
        categories[key] = Category(name_th=th, name_en=en)
        db.session.add(categories[key])
    db.session.flush()
    items = {}
    for key, (th, en, unit, cat, price, cost, limit, alert, _opening) in ITEMS.items():
        items[key] = Item(
            name_th=th,
            name_en=en,
            unit=unit,
            category_id=categories[cat].id,
            price_satang=price * 100,
            cost_satang=cost * 100,
            limit_per_household=limit,
            low_stock_threshold=alert,
            lendable=key in LENDABLE,
        )
        db.session.add(items[key])
    th, en, unit, cat, price = KIT
    bag = Item(
        name_th=th,
        name_en=en,
        unit=unit,
        category_id=categories[cat].id,
        price_satang=price * 100,
        cost_satang=sum(ITEMS[k][5] * 100 * q for k, q in KIT_PARTS.items()),
        limit_per_household=1,
        low_stock_threshold=10,
        is_kit=True,
    )
    db.session.add(bag)
    db.session.flush()
    for key, quantity in KIT_PARTS.items():
        catalog.set_component(
            bag, {"component_id": items[key].id, "quantity": quantity}, actor_id=None
        )

    for key, row in ITEMS.items():
        opening = row[8]
        if key == "wheelchair":
            continue
        stock.receive(
            centre.id,
            items[key].id,
            opening,
            kind="purchase",
            ref="demo:opening",
            unit_cost_satang=row[5] * 100,
            actor_id=None,
            party="ร้านค้าส่งป่าบอน",
        )
    kits.assemble(centre.id, bag.id, KITS_ASSEMBLED, actor_id=None)
    _donations(centre, items)
    summary = f"market stock: 1 centre, {len(POINTS)} service points, {len(items) + 1} goods, {KITS_ASSEMBLED} survival bags"
    return summary


def _donations(centre, items) -> None:
    from market.donations import services as donations
    from market.stock import services as stock

    donations.record_cash(
        {"amount": "20000", "donor_name": "ผู้ใจบุญในตำบล", "purpose": "ถุงยังชีพ"},
        token="demo-donation-cash-0001",
        actor_id=None,
    )
    donations.record_cash(
        {"amount": "5000", "anonymous": "y"}, token="demo-donation-cash-0002", actor_id=None
    )
    donations.record_in_kind(
        {"centre_id": centre.id, "donor_name": "โรงพยาบาลส่งเสริมสุขภาพตำบล"},
        [
            {"item_id": items["wheelchair"].id, "quantity": 6, "unit_value": "2500"},
            {"item_id": items["masks"].id, "quantity": 50, "unit_value": "55"},
        ],
        actor_id=None,
    )
    stock.receive(
        centre.id,
        items["rice"].id,
        100,
        kind="purchase",
        ref="demo:donated-money",
        unit_cost_satang=15000,
        actor_id=None,
        party="โรงสีข้าวชุมชน",
        funded_by_donations=True,
    )


modules.register_demo("market.0_stock", seed)
