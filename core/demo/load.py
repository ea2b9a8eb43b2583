"""``pansuk demo load``: the organisations, villages, households, people and
log-ins of the founding documents.

Deterministic (seeded generator, fixed reference day) and idempotent (every row
is looked up by its natural key first: tenant slug, village number or name,
household code, user email), so loading twice changes nothing. Flushes only;
the caller commits.
"""

from __future__ import annotations

import sqlalchemy as sa

from core import modules
from core.auth.models import User
from core.db import db
from core.demo.geography import ensure_geography
from core.demo.organisations import (
    CITY_COMMUNITIES,
    KHOK_SAI_VILLAGES,
    LAM_SIN_VILLAGES,
    PAK_PHAYUN_COMMUNITIES,
    ensure_communities,
    ensure_moo_villages,
    ensure_tenants,
)
from core.demo.people import PeopleSpec, VillagePlan, ensure_people
from core.demo.users import HOUSEHOLD_PHONE, ensure_users
from core.registry.models import Household, Person, Village
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

# Khok Sai, from the goods-centre report: 13 villages, 650 households, 999 people.
KHOK_SAI_HOUSEHOLDS = 650
KHOK_SAI_PEOPLE = 999


def load() -> str:
    subdistricts = ensure_geography()
    tenants, new_tenants = ensure_tenants()
    new_households = 0
    new_households += _khok_sai(tenants["khok-sai"], subdistricts["930802"])
    new_households += _simple(
        tenants["pak-phayun"], subdistricts["930601"], PAK_PHAYUN_COMMUNITIES,
        community=True, households=12, people=30, office="9306", phone="+6682",
        address="ต.ปากพะยูน อ.ปากพะยูน จ.พัทลุง",
    )  # fmt: skip
    new_households += _simple(
        tenants["lam-sin"], subdistricts["931104"], LAM_SIN_VILLAGES,
        community=False, households=6, people=15, office="9311", phone="+6683",
        address="ต.ลำสินธุ์ อ.ศรีนครินทร์ จ.พัทลุง",
    )  # fmt: skip
    for k, (slug, th, _en) in enumerate(CITY_COMMUNITIES):
        new_households += _simple(
            tenants[f"songkhla-{slug}"], subdistricts["900101"], (f"ชุมชน{th}",),
            community=True, households=5, people=12, office="9001", phone=f"+6689{k:02d}",
            address="ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา", serial_base=k * 1000,
        )  # fmt: skip
    users, new_users = ensure_users(tenants)
    _link_household_user(tenants["khok-sai"], users)
    db.session.flush()
    lines = [_summary(new_tenants, new_households, new_users)]
    for seed in modules.demo_seeders():
        lines.append(seed())
        db.session.flush()
    return "\n".join(line for line in lines if line)


def _khok_sai(tenant: Tenant, subdistrict) -> int:
    with tenant_context(tenant.id):
        villages = ensure_moo_villages(subdistrict, KHOK_SAI_VILLAGES)
        per_village, extra = divmod(KHOK_SAI_PEOPLE, len(villages))
        plans = [
            VillagePlan(
                village=v,
                households=KHOK_SAI_HOUSEHOLDS // len(villages),
                people=per_village + (1 if i < extra else 0),
                address=f"หมู่ {v.moo} ต.โคกทราย อ.ป่าบอน จ.พัทลุง",
                code_prefix=f"M{v.moo:02d}",
            )
            for i, v in enumerate(villages)
        ]
        spec = PeopleSpec(seed="khok-sai", office="9308", phone_prefix="+6681", villages=plans)
        return ensure_people(tenant.id, spec)


def _simple(tenant, subdistrict, names, *, community, households, people, office, phone,
            address, serial_base=0) -> int:  # fmt: skip
    with tenant_context(tenant.id):
        if community:
            villages = ensure_communities(subdistrict, names)
        else:
            villages = ensure_moo_villages(subdistrict, names)
        plans = [
            VillagePlan(
                village=v,
                households=households,
                people=people,
                address=(f"หมู่ {v.moo} " if v.moo else f"{v.name_th} ") + address,
                code_prefix=f"M{v.moo:02d}" if v.moo else f"C{i + 1:02d}",
            )
            for i, v in enumerate(villages)
        ]
        spec = PeopleSpec(
            seed=tenant.slug, office=office, phone_prefix=phone, serial_base=serial_base,
            villages=plans,
        )  # fmt: skip
        return ensure_people(tenant.id, spec)


def _link_household_user(tenant: Tenant, users: list[User]) -> None:
    """The household log-in belongs to the head of the first household of หมู่ 1."""
    user = next(u for u in users if u.phone == HOUSEHOLD_PHONE)
    with tenant_context(tenant.id):
        head = db.session.scalar(
            sa.select(Person)
            .join(Household, Household.head_person_id == Person.id)
            .where(Household.code == "M01-001")
        )
        if head is not None and head.user_id is None:
            head.user_id = user.id
            head.phone = HOUSEHOLD_PHONE


def counts() -> dict[str, int]:
    """Totals over every organisation, each counted bound to its own tenant."""
    totals = {
        "tenants": db.session.scalar(sa.select(sa.func.count()).select_from(Tenant)),
        "villages": 0,
        "households": 0,
        "people": 0,
        "users": db.session.scalar(sa.select(sa.func.count()).select_from(User)),
    }
    for tenant_id in db.session.scalars(sa.select(Tenant.id)):
        with tenant_context(tenant_id):
            for key, model in (("villages", Village), ("households", Household), ("people", Person)):
                totals[key] += db.session.scalar(sa.select(sa.func.count()).select_from(model))
    return totals


def _summary(new_tenants: int, new_households: int, new_users: int) -> str:
    c = counts()
    return (
        f"demo: {c['tenants']} organisations ({new_tenants} new), {c['villages']} villages, "
        f"{c['households']} households ({new_households} new), {c['people']} people, "
        f"{c['users']} users ({new_users} new)"
    )
