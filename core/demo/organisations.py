"""The organisations of the founding documents, their villages and communities."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from core.db import db
from core.registry.models import Subdistrict, Village
from core.tenancy.models import Tenant


@dataclass(frozen=True)
class Org:
    slug: str
    kind: str
    name_th: str
    name_en: str
    parent: str | None = None
    address: str | None = None


PHATTHALUNG = "phatthalung-network"
SONGKHLA_CITY = "songkhla-city"

ORGS: tuple[Org, ...] = (
    Org(PHATTHALUNG, "network", "ภาคีองค์กรเครือข่ายชุมชนจังหวัดพัทลุง",
        "Phatthalung Community Organisation Network", address="จ.พัทลุง"),
    Org("khok-sai", "council", "สภาองค์กรชุมชนตำบลโคกทราย",
        "Khok Sai Subdistrict Community Organisation Council", PHATTHALUNG,
        "ต.โคกทราย อ.ป่าบอน จ.พัทลุง"),
    Org("pak-phayun", "council", "สภาองค์กรชุมชนเทศบาลตำบลปากพะยูน",
        "Pak Phayun Municipal Community Organisation Council", PHATTHALUNG,
        "ต.ปากพะยูน อ.ปากพะยูน จ.พัทลุง"),
    Org("lam-sin", "council", "สภาองค์กรชุมชนตำบลลำสินธุ์ (เครือข่ายสินธุ์แพรทอง)",
        "Lam Sin Subdistrict Community Organisation Council (Sinphrae Thong network)",
        PHATTHALUNG, "ต.ลำสินธุ์ อ.ศรีนครินทร์ จ.พัทลุง"),
    Org("songkhla-pgs", "pgs_network", "เครือข่ายเกษตรอินทรีย์ PGS สงขลา (กรีนสไมล์)",
        "Songkhla PGS Organic Network (GreenSmile)", address="จ.สงขลา"),
    Org(SONGKHLA_CITY, "network", "เครือข่ายพัฒนาเมืองสงขลา",
        "Songkhla City Development Network", address="ทน.สงขลา จ.สงขลา"),
    Org("songkhla-foundation", "foundation", "มูลนิธิชุมชนสงขลา",
        "Songkhla Community Foundation", address="จ.สงขลา"),
)  # fmt: skip

# The 13 communities of the Songkhla city network (slug, Thai, English).
CITY_COMMUNITIES = (
    ("laem-son-on", "แหลมสนอ่อน", "Laem Son On"),
    ("laem-sai", "แหลมทราย", "Laem Sai"),
    ("wat-sala-hua-yang", "วัดศาลาหัวยาง", "Wat Sala Hua Yang"),
    ("sala-lueang-nuea", "ศาลาเหลืองเหนือ", "Sala Lueang Nuea"),
    ("masjid-ban-bon", "มัสยิดบ้านบน", "Masjid Ban Bon"),
    ("hua-pom", "หัวป้อม", "Hua Pom"),
    ("lang-wittayalai-achiwa", "หลังวิทยาลัยอาชีวะ", "Behind the Vocational College"),
    ("mueang-mai-phatthana", "เมืองใหม่พัฒนา", "Mueang Mai Phatthana"),
    ("kao-seng", "เก้าเส้ง", "Kao Seng"),
    ("bon-wua-kao", "บ่อนวัวเก่า", "Bon Wua Kao"),
    ("nok-suan", "นอกสวน", "Nok Suan"),
    ("suan-mak", "สวนหมาก", "Suan Mak"),
    ("kubo", "กุโบร์", "Kubo"),
)

KHOK_SAI_VILLAGES = (
    "บ้านโคกทราย", "บ้านหนองไทร", "บ้านทุ่งโพธิ์", "บ้านควนเคียน", "บ้านนาปะขอ",
    "บ้านบ่อหว้า", "บ้านโคกม่วง", "บ้านห้วยลึก", "บ้านท่าเนียน", "บ้านหัวควน",
    "บ้านทุ่งยาว", "บ้านควนพลี", "บ้านหนองปลิง",
)  # fmt: skip

PAK_PHAYUN_COMMUNITIES = ("ชุมชนตลาดปากพะยูน", "ชุมชนท่าเรือ", "ชุมชนหัวถนน", "ชุมชนบ้านอุง")

LAM_SIN_VILLAGES = (
    "บ้านลำสินธุ์", "บ้านหูแร่", "บ้านควนยวน", "บ้านทุ่งลาน",
    "บ้านหนองหอย", "บ้านโหล๊ะจันกระ", "บ้านป่าพงศ์", "บ้านตกชะมด",
)  # fmt: skip


def all_orgs() -> list[Org]:
    communities = [
        Org(f"songkhla-{slug}", "community", f"ชุมชน{th}", f"{en} Community", SONGKHLA_CITY,
            f"ชุมชน{th} ทน.สงขลา จ.สงขลา")
        for slug, th, en in CITY_COMMUNITIES
    ]  # fmt: skip
    return [*ORGS, *communities]


def ensure_tenants() -> tuple[dict[str, Tenant], int]:
    """Every demo organisation by slug, and how many were created."""
    wanted = all_orgs()
    found = {
        t.slug: t
        for t in db.session.scalars(sa.select(Tenant).where(Tenant.slug.in_([o.slug for o in wanted])))
    }
    created = 0
    for org in wanted:  # parents come before their children
        if org.slug in found:
            continue
        tenant = Tenant(
            slug=org.slug,
            kind=org.kind,
            name_th=org.name_th,
            name_en=org.name_en,
            parent_id=found[org.parent].id if org.parent else None,
            address=org.address,
            settings={},
        )
        db.session.add(tenant)
        db.session.flush()
        found[org.slug] = tenant
        created += 1
    return found, created


def ensure_moo_villages(subdistrict: Subdistrict, names: tuple[str, ...]) -> list[Village]:
    """หมู่ 1..n of ``subdistrict`` for the tenant in context, looked up by number."""
    existing = {
        v.moo: v
        for v in db.session.scalars(sa.select(Village).where(Village.subdistrict_id == subdistrict.id))
    }
    villages = []
    for moo, name in enumerate(names, start=1):
        village = existing.get(moo)
        if village is None:
            village = Village(subdistrict_id=subdistrict.id, moo=moo, name_th=name, kind="moo")
            db.session.add(village)
        villages.append(village)
    db.session.flush()
    return villages


def ensure_communities(subdistrict: Subdistrict, names: tuple[str, ...]) -> list[Village]:
    """Urban communities (no village number) for the tenant in context, by name."""
    existing = {
        v.name_th: v
        for v in db.session.scalars(sa.select(Village).where(Village.kind == "community"))
    }
    villages = []
    for name in names:
        village = existing.get(name)
        if village is None:
            village = Village(subdistrict_id=subdistrict.id, name_th=name, kind="community")
            db.session.add(village)
        villages.append(village)
    db.session.flush()
    return villages
