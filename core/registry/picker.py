"""Choosing a person or a household by search, for any form of any domain.

A page shows a search box and a paged list of matches as radio buttons
(macro ``registry/_picker.html``), so it works with no JavaScript; the small
script ``js/picker.js`` searches as one types, through the JSON answer of
:func:`core.registry.routes.pick`. A match shows what tells namesakes apart
(village and household code), never a national ID or a phone. Queries run
in the bound tenant (row-level security and the ORM's scoping).

The search splits the text on spaces (Thai names are typed "กนกวรรณ ศรี"):
every word must be found in the name (Thai or English, first or last), the
household code, or the village (name or หมู่ number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core import paging
from core.db import db
from core.registry.models import Household, Person, Village

PER_PAGE = 20
MAX_PAGE = 10_000
MAX_WORDS = 5
MAX_QUERY = 100
_SPACES = re.compile(r"\s+")
_LIKE_SPECIAL = re.compile(r"([\\%_])")


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    household_code: str
    village: str

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "household_code": self.household_code, "village": self.village}


@dataclass(frozen=True)
class Page(paging.Page):
    """A page of choices, with the search text it answers."""

    query: str = ""

    @property
    def choices(self) -> list[Choice]:
        return self.items

    def as_json(self) -> dict:
        return {"query": self.query, "page": self.page, "pages": self.pages, "total": self.total,
                "choices": [c.as_json() for c in self.choices]}


def clean_query(text: str | None) -> str:
    """The search text with runs of spaces made one, at most 100 characters."""
    return _SPACES.sub(" ", (text or "")[:MAX_QUERY]).strip()


def words(text: str | None) -> list[str]:
    return clean_query(text).split(" ")[:MAX_WORDS] if clean_query(text) else []


def _like(word: str) -> str:
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", word.lower()) + "%"


def _village_label(village: Village | None) -> str:
    if village is None:
        return ""
    return f"หมู่ {village.moo} {village.name_th}" if village.moo else village.name_th


def _word_matches(word: str, columns) -> sa.ColumnElement[bool]:
    pattern = _like(word)
    tests: list[sa.ColumnElement[bool]] = [
        sa.func.lower(sa.func.coalesce(column, "")).like(pattern, escape="\\") for column in columns]
    if word.isdigit():
        tests.append(Village.moo == int(word[:6]))
    return sa.or_(*tests)


def _paged(stmt: sa.Select, order, page: int | str | None) -> paging.Page:
    return paging.paginate(stmt.order_by(*order), paging.page_number(page, MAX_PAGE), PER_PAGE)


def search_people(text: str | None, page: int | str | None = 1, lang: str = "th") -> Page:
    """People whose name, household code or village holds every word."""
    stmt = (sa.select(Person, Household.code, Village)
            .outerjoin(Household, Household.id == Person.household_id)
            .outerjoin(Village, Village.id == Household.village_id))
    columns = (Person.first_name_th, Person.last_name_th, Person.first_name_en, Person.last_name_en, Household.code,
               Village.name_th, Village.name_en)
    for word in words(text):
        stmt = stmt.where(_word_matches(word, columns))
    found = _paged(stmt, (Person.first_name_th, Person.last_name_th, Person.id), page)
    choices = [Choice(person.id, person.display_name(lang), code or "", _village_label(village))
               for person, code, village in found.items]
    return Page(choices, found.page, PER_PAGE, found.total, query=clean_query(text))


def search_households(text: str | None, page: int | str | None = 1, lang: str = "th") -> Page:
    """Households whose code, village or head's name holds every word."""
    head = aliased(Person)
    stmt = (sa.select(Household, head, Village)
            .outerjoin(head, head.id == Household.head_person_id)
            .outerjoin(Village, Village.id == Household.village_id))
    columns = (Household.code, head.first_name_th, head.last_name_th, head.first_name_en, head.last_name_en,
               Village.name_th, Village.name_en)
    for word in words(text):
        stmt = stmt.where(_word_matches(word, columns))
    found = _paged(stmt, (Village.moo, Household.code, Household.id), page)
    choices = [Choice(household.id, person.display_name(lang) if person else "", household.code,
                      _village_label(village)) for household, person, village in found.items]
    return Page(choices, found.page, PER_PAGE, found.total, query=clean_query(text))


SEARCHES = {"people": search_people, "households": search_households}


def chosen(kind: str, row_id) -> Choice | None:
    """The choice already made (shown again after a refused form), or None."""
    if not str(row_id or "").isdigit():
        return None
    return _one(kind, int(row_id))


def _one(kind: str, row_id: int) -> Choice | None:
    if kind == "people":
        row = db.session.execute(
            sa.select(Person, Household.code, Village).outerjoin(Household, Household.id == Person.household_id)
            .outerjoin(Village, Village.id == Household.village_id).where(Person.id == row_id)).first()
        return Choice(row[0].id, row[0].display_name("th"), row[1] or "", _village_label(row[2])) if row else None
    head = aliased(Person)
    found = db.session.execute(
        sa.select(Household, head, Village).outerjoin(head, head.id == Household.head_person_id)
        .outerjoin(Village, Village.id == Household.village_id).where(Household.id == row_id)).first()
    return Choice(found[0].id, found[1].display_name("th") if found[1] else "", found[0].code,
                  _village_label(found[2])) if found else None
