"""Households and people for one tenant: generated from a seeded random
generator (the same rows every time) and written with bulk inserts.

Idempotent: a household whose code already exists is left alone, with its
people."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from core.db import db
from core.demo import names
from core.registry.models import Household, Person, Village

# Ages are reckoned on this day, so the data never drifts with the clock.
REFERENCE_DAY = date(2026, 1, 1)


def national_id(first: str, office: str, serial: int) -> str:
    """A 13-digit Thai ID: kind (1 born here after 1984, 3 on the 1984 roll),
    registrar office (4 digits), serial (7 digits), check digit."""
    body = f"{first}{office}{serial:07d}"
    assert len(body) == 12
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


@dataclass
class VillagePlan:
    village: Village
    households: int
    people: int
    address: str  # "หมู่ 3 ต.โคกทราย อ.ป่าบอน จ.พัทลุง"
    code_prefix: str


@dataclass
class PeopleSpec:
    """How to draw the people of one tenant."""

    seed: str
    office: str  # registrar office digits for national IDs
    phone_prefix: str  # "+6681": unique per tenant so phones never collide
    serial_base: int = 0  # keeps national IDs apart when tenants share an office
    villages: list[VillagePlan] = field(default_factory=list)


def _sizes(rng: random.Random, households: int, people: int) -> list[int]:
    """Household sizes that sum exactly to ``people`` (each at least 1, at most 7)."""
    sizes = [1] * households
    extra = people - households
    while extra > 0:
        i = rng.randrange(households)
        if sizes[i] < 7:
            sizes[i] += 1
            extra -= 1
    return sizes


def _age(rng: random.Random, head: bool) -> int:
    if head:
        return rng.choice((rng.randint(28, 59), rng.randint(45, 75), rng.randint(60, 92)))
    r = rng.random()
    if r < 0.28:
        return rng.randint(1, 14)
    if r < 0.78:
        return rng.randint(15, 59)
    return rng.randint(60, 95)


def _title(sex: str, age: int, rng: random.Random) -> str:
    if age < 15:
        return "เด็กชาย" if sex == "M" else "เด็กหญิง"
    if sex == "M":
        return "นาย"
    return "นาง" if age >= 25 and rng.random() < 0.8 else "นางสาว"


def _birth_date(rng: random.Random, age: int) -> date:
    year_start = date(REFERENCE_DAY.year - age - 1, 1, 2)
    return year_start + timedelta(days=rng.randrange(365))


def _phone_width(prefix: str) -> int:
    """Digits left after ``prefix`` in a Thai mobile number (+66 and nine digits)."""
    return 9 - (len(prefix) - 3)


def _phone(prefix: str, number: int) -> str:
    return f"{prefix}{number:0{_phone_width(prefix)}d}"


def _person_row(rng, spec, tenant_id, serial, phones, family, age, head) -> dict:
    sex = rng.choice("MF")
    birth = _birth_date(rng, age)
    first = names.MALE if sex == "M" else names.FEMALE
    chronic = age >= 40 and rng.random() < 0.18
    disabled = rng.random() < 0.04
    bedridden = age >= 70 and rng.random() < 0.08
    return {
        "tenant_id": tenant_id,
        "title_th": _title(sex, age, rng),
        "first_name_th": rng.choice(first),
        "last_name_th": family,
        "national_id": national_id("3" if birth.year < 1984 else "1", spec.office, serial),
        "phone": _phone(spec.phone_prefix, phones.pop()) if age >= 18 and rng.random() < 0.6 else None,
        "birth_date": birth,
        "sex": sex,
        "elderly": age >= 60,
        "disabled": disabled,
        "bedridden": bedridden,
        "chronic_illness": chronic or bedridden,
        "hardship": head and rng.random() < 0.2,
    }


def ensure_people(tenant_id: int, spec: PeopleSpec) -> int:
    """Create the households (and their people) of ``spec`` that are missing;
    return how many households were created. Runs inside the tenant's context."""
    rng = random.Random(spec.seed)
    total_people = sum(v.people for v in spec.villages)
    phones = rng.sample(range(10 ** _phone_width(spec.phone_prefix)), total_people)
    existing = set(db.session.scalars(sa.select(Household.code)))
    households: list[dict] = []
    members: dict[str, list[dict]] = {}
    serial = spec.serial_base
    for plan in spec.villages:
        for n, size in enumerate(_sizes(rng, plan.households, plan.people), start=1):
            code = f"{plan.code_prefix}-{n:03d}"
            house_no = f"{rng.randint(1, 240)}/{n}" if rng.random() < 0.3 else str(n * 3 + rng.randint(0, 2))
            family = rng.choice(names.FAMILY)
            people = []
            for i in range(size):
                serial += 1
                age = _age(rng, head=i == 0)
                people.append(_person_row(rng, spec, tenant_id, serial, phones, family, age, i == 0))
            if code in existing:
                continue  # drawn anyway, so the rest of the sequence stays the same
            households.append(
                {
                    "tenant_id": tenant_id,
                    "code": code,
                    "village_id": plan.village.id,
                    "address": f"{house_no} {plan.address}",
                }
            )
            members[code] = people
    if not households:
        return 0
    _insert(households, members)
    return len(households)


def _insert(households: list[dict], members: dict[str, list[dict]]) -> None:
    rows = db.session.execute(
        sa.insert(Household).returning(Household.id, Household.code, sort_by_parameter_order=True),
        households,
    ).all()
    heads: list[dict] = []
    people: list[dict] = []
    for household_id, code in rows:
        for person in members[code]:
            person["household_id"] = household_id
            people.append(person)
    created = db.session.execute(
        sa.insert(Person).returning(Person.id, Person.household_id, sort_by_parameter_order=True),
        people,
    ).all()
    seen: set[int] = set()
    for person_id, household_id in created:
        if household_id not in seen:  # the first member drawn is the head
            seen.add(household_id)
            heads.append({"id": household_id, "head_person_id": person_id})
    db.session.execute(sa.update(Household), heads)
