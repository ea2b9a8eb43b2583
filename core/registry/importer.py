"""CSV import of households, one row per person.

Rows are grouped into households by ``household_code``; villages are matched
by their หมู่ number within the tenant's subdistrict (a row with the number
and no name is the existing village) and created only when missing. The job
is run by the kernel's runner (core/imports/runner.py): the whole file is
validated first, ``strict`` imports nothing when a row is bad, ``good_only``
skips the bad rows, and the import itself is one transaction.

Re-running a file does not duplicate anything: a household with the same code
is updated, and a person is matched inside that household by national ID (or,
without one, by Thai first and last name) and updated; anyone else is added.
Row numbers are spreadsheet line numbers: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa

from core import clock, csv_export
from core.db import db
from core.errors import N_, ValidationError
from core.imports import runner
from core.imports.runner import ImportFileError
from core.registry import policies, queries
from core.registry.models import Household, Person, Village
from core.registry.services import (
    AmbiguousVillage,
    flag_duplicates,
    village_by_number,
    village_for_import,
)

COLUMNS = (
    "household_code", "village_moo", "village_name", "address", "title_th", "first_name_th",
    "last_name_th", "first_name_en", "last_name_en", "national_id", "phone", "birth_date", "sex",
    "is_head", "elderly", "disabled", "bedridden", "chronic_illness", "hardship",
)
REQUIRED_COLUMNS = ("household_code", "first_name_th")

TEMPLATE_ROWS = (
    ("101/1", "3", "บ้านโคกทราย", "101/1 หมู่ 3", "นาย", "สมชาย", "ใจดี", "Somchai", "Jaidee",
     "1101700230708", "081-234-5678", "2500-05-17", "M", "1", "0", "0", "0", "1", "0"),
    ("101/1", "3", "บ้านโคกทราย", "101/1 หมู่ 3", "นาง", "สมศรี", "ใจดี", "Somsri", "Jaidee",
     "", "", "12/08/2505", "F", "0", "0", "1", "0", "0", "1"),
)


@dataclass
class Row:
    number: int
    household_code: str
    moo: int | None
    village_name: str | None
    address: str | None
    is_head: bool
    person: dict = field(default_factory=dict)


@dataclass
class Counts:
    villages_created: int = 0
    households_created: int = 0
    households_updated: int = 0
    people_created: int = 0
    people_updated: int = 0


# --- reading the file ---------------------------------------------------------


def read_rows(text: str) -> list[dict]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ImportFileError(N_("The file is empty")) from exc
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(N_("Required columns are missing: %(columns)s"), columns=", ".join(missing))
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append({"_line": reader.line_num, **dict(zip(header, values, strict=False))})
    if not rows:
        raise ImportFileError(N_("The file has no data rows"))
    return rows


def template_csv() -> str:
    """The template without its BOM (the download adds it)."""
    return csv_export.text(COLUMNS, TEMPLATE_ROWS, bom=False)


# --- validating ---------------------------------------------------------------


def validate_row(raw: dict, today: date) -> Row:
    """A :class:`Row`, or :class:`policies.FieldErrors` naming every bad field."""
    errors: list[ValidationError] = []
    values: dict = {}
    checks = {
        "household_code": lambda: policies.require_text(raw.get("household_code"), "household_code", 40),
        "village_moo": lambda: policies.parse_moo(raw.get("village_moo"), "village_moo"),
        "village_name": lambda: policies.optional_text(raw.get("village_name"), "village_name", 200),
        "address": lambda: policies.optional_text(raw.get("address"), "address", 500),
        "is_head": lambda: policies.parse_flag(raw.get("is_head"), "is_head"),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except ValidationError as exc:
            errors.append(exc)
    person: dict = {}
    try:
        person = policies.clean_person(raw, today)
    except policies.FieldErrors as exc:
        errors.extend(exc.errors)
    if errors:
        raise policies.FieldErrors(errors)
    return Row(raw["_line"], values["household_code"], values["village_moo"], values["village_name"],
               values["address"], values["is_head"], person)


def _check_consistent(row: Row, seen: dict[str, tuple[int | None, int]]) -> None:
    """One household, one village: the same code in two villages is an error."""
    first = seen.setdefault(row.household_code, (row.moo, row.number))
    if first[0] != row.moo:
        raise ValidationError(
            N_("Household %(household)s is in another village on row %(row)s"),
            field="village_moo", household=row.household_code, row=first[1],
        )


def _check_village(row: Row, checked: dict[int, AmbiguousVillage | None]) -> None:
    if row.moo is None:
        return
    if row.moo not in checked:
        try:
            village_by_number(row.moo)
            checked[row.moo] = None
        except AmbiguousVillage as exc:
            checked[row.moo] = exc
    ambiguous = checked[row.moo]
    if ambiguous is not None:
        raise ambiguous


def checker(today: date):
    """The check of one row, with what it remembers across rows: one
    household, one village; each village number looked up once."""
    seen: dict = {}
    villages: dict = {}

    def check(number: int, raw: dict) -> Row:
        row = validate_row(raw, today)
        _check_consistent(row, seen)
        _check_village(row, villages)
        return row

    return check


# --- applying -----------------------------------------------------------------


def _village(moo: int | None, name: str | None, cache: dict, counts: Counts) -> Village | None:
    """Matched by number within the tenant (its own subdistrict): a row with
    the number and no name, or another spelling of the name, is the same
    village, never a new one."""
    if moo is None:
        return None
    if moo not in cache:
        village, created = village_for_import(moo, name)
        counts.villages_created += int(created)
        cache[moo] = village
    return cache[moo]


def _household(code: str, rows: list[Row], villages: dict, counts: Counts) -> Household:
    first = rows[0]
    village = _village(first.moo, first.village_name, villages, counts)
    address = next((r.address for r in rows if r.address), None)
    household = queries.household_by_code(code)
    if household is None:
        household = Household(code=code)
        db.session.add(household)
        counts.households_created += 1
    else:
        counts.households_updated += 1
    if village is not None:
        household.village_id = village.id
    if address:
        household.address = address
    db.session.flush()
    return household


def _match(household: Household, person: dict) -> Person | None:
    stmt = sa.select(Person).where(Person.household_id == household.id)
    if person.get("national_id"):
        stmt = stmt.where(Person.national_id == person["national_id"])
    else:
        stmt = stmt.where(
            Person.first_name_th == person["first_name_th"], Person.last_name_th == person["last_name_th"]
        )
    return db.session.scalars(stmt.order_by(Person.id).limit(1)).first()


def _person(household: Household, row: Row, counts: Counts) -> Person:
    person = _match(household, row.person)
    if person is None:
        person = Person(household_id=household.id, **row.person)
        db.session.add(person)
        counts.people_created += 1
    else:
        for key, value in row.person.items():
            setattr(person, key, value)
        counts.people_updated += 1
    db.session.flush()
    if row.is_head or household.head_person_id is None:
        household.head_person_id = person.id
    return person


def apply(rows: list[Row]) -> Counts:
    """Write validated rows (in the session; the caller commits once)."""
    counts = Counts()
    groups: OrderedDict[str, list[Row]] = OrderedDict()
    for row in rows:
        groups.setdefault(row.household_code, []).append(row)
    villages: dict = {}
    touched: list[Person] = []
    for code, members in groups.items():
        household = _household(code, members, villages, counts)
        touched.extend(_person(household, row, counts) for row in members)
    db.session.flush()
    for person in touched:
        flag_duplicates(person)
    return counts


# --- the job ------------------------------------------------------------------


def _read(job, text: str, today: date | None = None):
    return [(raw["_line"], raw) for raw in read_rows(text)], checker(today or clock.today())


IMPORTER = runner.Importer(
    kind=queries.IMPORT_KIND,
    read=_read,
    apply=lambda job, rows, progress: vars(apply(rows)),
    counts=tuple(Counts.__dataclass_fields__),
    done_action="registry.import.done",
    target_type="import_job",
)


def run(job_id: int, tenant_id: int, today: date | None = None) -> str:
    """Validate and import a queued job (core/imports/runner.py); returns its
    final status."""
    importer = IMPORTER
    if today is not None:
        importer = replace(IMPORTER, read=lambda job, text: _read(job, text, today))
    return runner.run(importer, job_id, tenant_id)
