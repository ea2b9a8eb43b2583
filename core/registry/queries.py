"""Read side of the registry: lookups, lists with filters, counts. Every query
here is scoped to the tenant in context automatically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from core import clock
from core.db import db
from core.errors import NotFound
from core.imports import runner
from core.imports.models import ImportJob
from core.paging import Page, paginate
from core.registry.models import (
    ELDERLY_AGE,
    VULNERABILITY_FLAGS,
    DuplicateFlag,
    Household,
    MergeRecord,
    Person,
    Village,
)

PAGE_SIZE = 25

IMPORT_KIND = "registry.households"


def _get(model, ident: int):
    row = db.session.scalar(sa.select(model).where(model.id == ident))
    if row is None:
        raise NotFound()
    return row


def get_village(village_id: int) -> Village:
    return _get(Village, village_id)


def get_household(household_id: int) -> Household:
    return _get(Household, household_id)


def get_person(person_id: int) -> Person:
    return _get(Person, person_id)


def get_flag(flag_id: int) -> DuplicateFlag:
    return _get(DuplicateFlag, flag_id)


def get_import_job(job_id: int) -> ImportJob:
    job = runner.get(IMPORT_KIND, job_id)
    if job is None:
        raise NotFound()
    return job


def villages() -> list[Village]:
    return list(db.session.scalars(sa.select(Village).order_by(Village.moo.nulls_last(), Village.name_th)))


def household_by_code(code: str) -> Household | None:
    return db.session.scalar(sa.select(Household).where(Household.code == code))


def household_of_user(user_id: int | None) -> int | None:
    """The household a log-in acts for: that of the person the user is (in
    the organisation in context), or None. A person in no household, or a
    user who is no one's log-in, acts for none."""
    if user_id is None:
        return None
    return db.session.scalar(
        sa.select(Person.household_id)
        .where(Person.user_id == user_id, Person.household_id.is_not(None))
        .order_by(Person.id)
        .limit(1)
    )


def elderly_cutoff(today: date) -> date:
    """People born on or before this date are 60 or older today."""
    try:
        return today.replace(year=today.year - ELDERLY_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ELDERLY_AGE, day=28)


def person_has_flag(flag: str, today: date):
    """SQL condition: a person carries ``flag`` (age counts for elderly)."""
    condition = getattr(Person, flag).is_(True)
    if flag == "elderly":
        condition = sa.or_(condition, Person.birth_date <= elderly_cutoff(today))
    return condition


def households_query(
    *, q: str = "", village_id: int | None = None, flag: str | None = None, today: date | None = None,
) -> sa.Select:
    """Households matching a search (code or a member's name), a village and a
    vulnerability flag, by code."""
    today = today or clock.today()
    stmt = sa.select(Household)
    if q:
        like = f"%{q.strip()}%"
        names = sa.select(Person.household_id).where(
            sa.or_(
                Person.first_name_th.ilike(like),
                Person.last_name_th.ilike(like),
                Person.first_name_en.ilike(like),
                Person.last_name_en.ilike(like),
            )
        )
        stmt = stmt.where(sa.or_(Household.code.ilike(like), Household.id.in_(names)))
    if village_id:
        stmt = stmt.where(Household.village_id == village_id)
    if flag in VULNERABILITY_FLAGS:
        flagged = sa.select(Person.household_id).where(person_has_flag(flag, today))
        stmt = stmt.where(Household.id.in_(flagged))
    return stmt.options(
        selectinload(Household.members), selectinload(Household.village), selectinload(Household.head)
    ).order_by(Household.code, Household.id)


def households(
    *, q: str = "", village_id: int | None = None, flag: str | None = None, page: int = 1,
    per_page: int = PAGE_SIZE, today: date | None = None,
) -> Page:
    """Households matching a search, one page at a time (past the last page,
    the last page)."""
    return paginate(households_query(q=q, village_id=village_id, flag=flag, today=today), page, per_page)


def people_query(*, q: str = "") -> sa.Select:
    stmt = sa.select(Person)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(sa.or_(Person.first_name_th.ilike(like), Person.last_name_th.ilike(like)))
    return stmt.order_by(Person.id)


def people(*, q: str = "", page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    return paginate(people_query(q=q), page, per_page)


@dataclass
class Overview:
    villages: int
    households: int
    people: int
    people_by_flag: dict[str, int]
    households_by_flag: dict[str, int]
    open_duplicates: int


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def overview(today: date | None = None) -> Overview:
    today = today or clock.today()
    count = sa.func.count
    by_person = {}
    by_household = {}
    for flag in VULNERABILITY_FLAGS:
        cond = person_has_flag(flag, today)
        by_person[flag] = _count(sa.select(count(Person.id)).where(cond))
        by_household[flag] = _count(
            sa.select(count(sa.distinct(Person.household_id))).where(cond, Person.household_id.is_not(None))
        )
    return Overview(
        villages=_count(sa.select(count(Village.id))),
        households=_count(sa.select(count(Household.id))),
        people=_count(sa.select(count(Person.id))),
        people_by_flag=by_person,
        households_by_flag=by_household,
        open_duplicates=_count(sa.select(count(DuplicateFlag.id)).where(DuplicateFlag.status == "open")),
    )


def duplicate_flags(status: str = "open") -> list[DuplicateFlag]:
    stmt = sa.select(DuplicateFlag).options(
        selectinload(DuplicateFlag.person), selectinload(DuplicateFlag.other)
    )
    if status != "all":
        stmt = stmt.where(DuplicateFlag.status == status)
    return list(db.session.scalars(stmt.order_by(DuplicateFlag.id.desc()).limit(200)))


def others_sharing(person: Person, field: str) -> list[Person]:
    value = getattr(person, field)
    if not value:
        return []
    column = getattr(Person, field)
    return list(
        db.session.scalars(sa.select(Person).where(column == value, Person.id != person.id).order_by(Person.id))
    )


def import_jobs(limit: int = 20) -> list[ImportJob]:
    return runner.jobs(IMPORT_KIND, limit=limit)


def home_subdistrict_id() -> int | None:
    """The tenant's subdistrict: the one its numbered villages lie in; None
    when they lie in none, or in several (a municipality across subdistricts)."""
    ids = db.session.scalars(
        sa.select(Village.subdistrict_id)
        .where(Village.moo.is_not(None), Village.subdistrict_id.is_not(None))
        .distinct()
        .limit(2)
    ).all()
    return ids[0] if len(ids) == 1 else None


def merges(limit: int = 200) -> list:
    """Recent merges with what the page shows beside each: the kept record
    (None if it is gone) and the removed one's label as it was."""
    from core.registry.models import MergeRecord

    rows = list(db.session.scalars(sa.select(MergeRecord).order_by(MergeRecord.id.desc()).limit(limit)))
    kept: dict[tuple[str, int], Person | Village] = {}
    models: tuple[tuple[str, type[Person] | type[Village]], ...] = (("person", Person), ("village", Village))
    for kind, model in models:
        ids = [m.kept_id for m in rows if m.kind == kind]
        if ids:
            kept.update({
                (kind, r.id): r
                for r in db.session.scalars(sa.select(model).where(model.id.in_(ids)))
                if isinstance(r, Person | Village)  # always: narrows the select's declarative base type
            })
    return [(m, kept.get((m.kind, m.kept_id))) for m in rows]


def find_person(person_id: int | None) -> Person | None:
    """The person with this id, or None (no id, or none such: merged away, say)."""
    if not person_id:
        return None
    return db.session.scalar(sa.select(Person).where(Person.id == person_id))


def find_merge(merge_id: int) -> MergeRecord | None:
    return db.session.scalar(sa.select(MergeRecord).where(MergeRecord.id == merge_id))
