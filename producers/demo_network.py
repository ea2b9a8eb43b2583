"""Demo at the documents' scale: the Songkhla PGS network's central farmer
data holds about 3,000 plots (after the PGS demo's thirty certified-state
plots): twenty producer groups over twenty villages, about a thousand farms
with their farmers and households, a planting on every plot, a drawn shape on
some, and a few more producers who log in. Written as a plot register is
imported — in bulk, a handful of INSERT statements — so loading stays quick.
Idempotent: does nothing once the first added group exists."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from core import clock, modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "songkhla-pgs"
TARGET_PLOTS = 3000
PLOTS_PER_FARM = 3
LOGINS = 5  # producer2@ … producer6@songkhlapgs.demo
VILLAGES = (
    (4, "บ้านทุ่งหวัง"), (5, "บ้านเกาะแต้ว"), (6, "บ้านพะวง"), (7, "บ้านน้ำกระจาย"),
    (8, "บ้านคลองหวะ"), (9, "บ้านท่าข้าม"), (10, "บ้านควนเนียง"), (11, "บ้านรัตภูมิ"),
    (12, "บ้านสะเดา"), (13, "บ้านนาทวี"), (14, "บ้านจะนะ"), (15, "บ้านเทพา"),
    (16, "บ้านสะบ้าย้อย"), (17, "บ้านระโนด"), (18, "บ้านกระแสสินธุ์"), (19, "บ้านสทิงพระ"),
    (20, "บ้านสิงหนคร"),
)  # fmt: skip
KINDS = (
    ("เกษตรอินทรีย์", "vegetable", "ผักบุ้ง"), ("นาข้าวอินทรีย์", "paddy", "ข้าวสังข์หยด"),
    ("สวนผลไม้", "orchard", "มังคุด"), ("สวนยางยั่งยืน", "rubber", "ยางพารา"),
    ("ธนาคารต้นไม้", "tree_bank", "ไม้ตะเคียน"), ("วนเกษตร", "agroforestry", "สะตอ"),
)  # fmt: skip
WATER = ("rain", "well", "pond", "canal", "irrigation")


def _group_name(moo: int, village: str) -> str:
    return f"กลุ่ม{KINDS[moo % len(KINDS)][0]}{village}"


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        from producers.models.pgs import Plot, ProducerGroup

        first = _group_name(*VILLAGES[0])
        if db.session.scalar(sa.select(ProducerGroup.id).where(ProducerGroup.name == first)):
            return ""
        existing = db.session.scalar(sa.select(sa.func.count(Plot.id))) or 0
        return _seed(tenant, max(0, TARGET_PLOTS - existing))


def _seed(tenant: Tenant, wanted: int) -> str:
    from core.registry import services as registry_services
    from producers.models.pgs import ProducerGroup

    rng = random.Random(TENANT)
    villages = [registry_services.village_for_import(moo, name)[0] for moo, name in VILLAGES]
    groups = db.session.execute(
        sa.insert(ProducerGroup).returning(ProducerGroup.id, sort_by_parameter_order=True),
        [
            {"tenant_id": tenant.id, "name": _group_name(moo, name), "village_id": v.id}
            for (moo, name), v in zip(VILLAGES, villages, strict=True)
        ],
    ).scalars().all()
    farm_count = -(-wanted // PLOTS_PER_FARM)
    people = _farmers(tenant, rng, villages, farm_count)
    farms = _farms(tenant, people, groups, villages)
    plots = _plots(tenant, rng, farms, villages, wanted)
    logins = _logins(tenant, people[:LOGINS])
    return (
        f"PGS network at scale: {len(groups)} more groups, {len(farms)} more farms, "
        f"{plots} more plots, {logins} more producer log-ins"
    )


def _farmers(tenant, rng, villages, count) -> list[tuple[int, int, int, str]]:
    """(person id, household id, village index, first name) of each farmer,
    each the head of a household of their own."""
    from core.demo import names
    from core.registry.models import Household, Person

    households = [
        {"tenant_id": tenant.id, "code": f"PGS-N{n:04d}", "village_id": villages[n % len(villages)].id}
        for n in range(count)
    ]
    household_ids = db.session.execute(
        sa.insert(Household).returning(Household.id, sort_by_parameter_order=True), households
    ).scalars().all()
    rows = []
    for household_id in household_ids:
        female = rng.random() < 0.45
        rows.append({
            "tenant_id": tenant.id, "household_id": household_id, "sex": "F" if female else "M",
            "title_th": "นาง" if female else "นาย",
            "first_name_th": rng.choice(names.FEMALE if female else names.MALE),
            "last_name_th": rng.choice(names.FAMILY),
        })  # fmt: skip
    person_ids = db.session.execute(
        sa.insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    db.session.execute(
        sa.update(Household),
        [{"id": h, "head_person_id": p} for h, p in zip(household_ids, person_ids, strict=True)],
    )
    return [
        (p, h, n % len(villages), rows[n]["first_name_th"])
        for n, (p, h) in enumerate(zip(person_ids, household_ids, strict=True))
    ]


def _farms(tenant, people, groups, villages) -> list[tuple[int, int]]:
    """(farm id, village index) of each new farm, in the group of its village."""
    from producers.models.pgs import Farm

    rows = [
        {"tenant_id": tenant.id, "person_id": p, "household_id": h, "group_id": groups[v],
         "village_id": villages[v].id, "name": f"ไร่{first} ({n + 1:04d})"}
        for n, (p, h, v, first) in enumerate(people)
    ]  # fmt: skip
    ids = db.session.execute(
        sa.insert(Farm).returning(Farm.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    return [(farm_id, people[n][2]) for n, farm_id in enumerate(ids)]


def _square(lat: float, lon: float, side_deg: float) -> dict:
    ring = [[lon, lat], [lon + side_deg, lat], [lon + side_deg, lat + side_deg * 0.8],
            [lon, lat + side_deg * 0.8], [lon, lat]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [[[round(x, 7), round(y, 7)] for x, y in ring]]}


def _plots(tenant, rng, farms, villages, wanted: int) -> int:
    from producers.models.pgs import Planting, Plot
    from producers.pgs import shape as shapes

    today = clock.today()
    rows, crops = [], []
    for n in range(wanted):
        farm_id, v = farms[n // PLOTS_PER_FARM]
        _label, land, crop = KINDS[(v + n) % len(KINDS)]
        # villages spread over Songkhla: 6.6–7.6 N, 100.2–100.9 E
        lat = 6.65 + (v % 5) * 0.19 + rng.random() * 0.08
        lon = 100.25 + (v // 5) * 0.16 + rng.random() * 0.08
        row = {
            "tenant_id": tenant.id, "farm_id": farm_id, "code": f"SKN-{v + 4:02d}-{n + 1:04d}",
            "name": f"แปลง{crop}", "land_type": land, "water_source": WATER[n % len(WATER)],
            "area_sqm": 400 * rng.randint(2, 40), "lat": round(lat, 6), "lon": round(lon, 6),
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "shape": None, "active": True,
        }  # fmt: skip
        if n % 10 == 0:  # some plots were drawn on the map
            drawn = _square(lat, lon, 0.0004 + rng.random() * 0.0006)
            row.update(shape=drawn, geometry=drawn, area_sqm=shapes.area_sqm(drawn))
        rows.append(row)
        crops.append(crop)
    plot_ids = db.session.execute(
        sa.insert(Plot).returning(Plot.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    db.session.execute(
        sa.insert(Planting),
        [
            {"tenant_id": tenant.id, "plot_id": plot_id, "crop": crop, "season": str(today.year + 543),
             "planted_on": today - timedelta(days=n % 90)}
            for n, (plot_id, crop) in enumerate(zip(plot_ids, crops, strict=True))
        ],
    )  # fmt: skip
    return len(plot_ids)


def _logins(tenant, farmers) -> int:
    """A few more producers who log in, each with their own farm."""
    from werkzeug.security import generate_password_hash

    from core.auth.models import User
    from core.demo.users import DEMO_PASSWORD
    from core.registry.models import Person
    from core.tenancy.models import Membership

    password_hash = generate_password_hash(DEMO_PASSWORD)
    made = 0
    for k, (person_id, _household, _v, first) in enumerate(farmers, start=2):
        email = f"producer{k}@songkhlapgs.demo"
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            continue
        person = db.session.get_one(Person, person_id)
        user = User(email=email, display_name=f"{first} {person.last_name_th}",
                    password_hash=password_hash, lang="th")  # fmt: skip
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=["producer"]))
        person.user_id = user.id
        made += 1
    db.session.flush()
    return made


modules.register_demo("producers.0b_network", seed)  # after the PGS demo, before the lots
