"""CSV import of an existing plot register, one row per plot (a job run by the
kernel's runner, core/imports/runner.py: the whole file is validated first;
``strict`` imports nothing if a row is bad, ``good_only`` skips bad rows; the
import is one transaction).

Farmers are matched by national ID, else by Thai first and last name, and
created in the registry if missing; farms by farmer and farm name; groups and
villages (by หมู่ number) by name, created on the fly. Plot codes must be new
(a code already in the register or twice in the file is an error). Row
numbers are spreadsheet lines: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from core import csv_export
from core.audit.services import record
from core.db import db
from core.errors import N_, NotFound, ValidationError
from core.imports import runner
from core.imports.models import ImportJob
from core.imports.runner import ImportFileError
from core.registry import services as registry_services
from core.registry.models import Person
from producers.models.pgs import (
    LAND_TYPES,
    WATER_SOURCES,
    Farm,
    Planting,
    Plot,
    ProducerGroup,
)
from producers.pgs import services

COLUMNS = (
    "plot_code",
    "plot_name",
    "farmer_first_name_th",
    "farmer_last_name_th",
    "farmer_national_id",
    "farm_name",
    "group_name",
    "village_moo",
    "village_name",
    "area_rai",
    "area_ngan",
    "area_wa",
    "area_sqm",
    "lat",
    "lon",
    "geometry",
    "land_type",
    "water_source",
    "buffer_notes",
    "crop",
    "variety",
    "planted_on",
    "expected_harvest_on",
    "expected_quantity_kg",
)
REQUIRED_COLUMNS = ("plot_code", "farmer_first_name_th")
IMPORT_KIND = "producers.plots"
MAX_IMPORT_BYTES = 8 * 1024 * 1024
TEMPLATE_ROWS = (
    (
        "SK-0001",
        "แปลงผักหลังบ้าน",
        "สมชาย",
        "ใจดี",
        "",
        "สวนสมชาย",
        "กลุ่มเกษตรอินทรีย์บ้านนา",
        "3",
        "บ้านนา",
        "2",
        "1",
        "50",
        "",
        "7.0061",
        "100.4712",
        "",
        "vegetable",
        "well",
        "แนวไผ่กั้นทิศเหนือ",
        "ผักบุ้ง",
        "",
        "2026-11-01",
        "2026-12-15",
        "300",
    ),
)


@dataclass
class Row:
    line: int
    plot: dict
    first_name: str
    last_name: str
    national_id: str | None
    farm_name: str
    group_name: str | None
    village_moo: int | None
    village_name: str | None
    planting: dict | None = field(default=None)


@dataclass
class Counts:
    plots_created: int = 0
    farms_created: int = 0
    people_created: int = 0
    groups_created: int = 0


def read_rows(text: str) -> list[dict]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ImportFileError(N_("The file is empty")) from exc
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            N_("Required columns are missing: %(columns)s"), columns=", ".join(missing)
        )
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append(
            {
                "_line": reader.line_num,
                **{k: v.strip() for k, v in zip(header, values, strict=False)},
            }
        )
    if not rows:
        raise ImportFileError(N_("The file has no data rows"))
    return rows


def template_csv() -> str:
    """The template without its BOM (the download adds it)."""
    return csv_export.text(COLUMNS, TEMPLATE_ROWS, bom=False)


def validate_row(raw: dict) -> Row:
    data = dict(raw)
    data["code"], data["name"] = raw.get("plot_code"), raw.get("plot_name") or raw.get("plot_code")
    if (raw.get("land_type") or "field") not in LAND_TYPES:
        raise ValidationError(N_("Choose one of the listed values"), field="land_type")
    if raw.get("water_source") and raw["water_source"] not in WATER_SOURCES:
        raise ValidationError(N_("Choose one of the listed values"), field="water_source")
    try:
        plot = services.plot_fields(data)
    except ValidationError as exc:
        exc.field = {"code": "plot_code", "name": "plot_name"}.get(exc.field, exc.field)
        raise
    first = services._text(raw.get("farmer_first_name_th"), "farmer_first_name_th", max_len=100)
    last = (
        services._text(
            raw.get("farmer_last_name_th"), "farmer_last_name_th", required=False, max_len=100
        )
        or ""
    )
    nid = (raw.get("farmer_national_id") or "").replace("-", "").replace(" ", "") or None
    if nid and (len(nid) != 13 or not nid.isdigit()):
        raise ValidationError(N_("A national ID has 13 digits"), field="farmer_national_id")
    moo = raw.get("village_moo") or None
    if moo is not None:
        if not moo.isdigit() or not 0 < int(moo) < 1000:
            raise ValidationError(N_("The village number is a whole number"), field="village_moo")
        moo = int(moo)
    planting = None
    if raw.get("crop"):
        planted = services._date(raw.get("planted_on"), "planted_on")
        harvest = services._date(raw.get("expected_harvest_on"), "expected_harvest_on")
        if planted and harvest and harvest < planted:
            raise ValidationError(
                N_("The expected harvest cannot be before the planting date"),
                field="expected_harvest_on",
            )
        planting = {
            "crop": services._text(raw.get("crop"), "crop", max_len=100),
            "variety": services._text(raw.get("variety"), "variety", required=False, max_len=100),
            "planted_on": planted,
            "expected_harvest_on": harvest,
            "expected_quantity_kg": services._quantity(raw.get("expected_quantity_kg")),
        }
    return Row(
        line=raw["_line"],
        plot=plot,
        first_name=first,
        last_name=last,
        national_id=nid,
        farm_name=services._text(raw.get("farm_name"), "farm_name", required=False) or f"ไร่{first}",
        group_name=services._text(raw.get("group_name"), "group_name", required=False),
        village_moo=moo,
        village_name=services._text(raw.get("village_name"), "village_name", required=False),
        planting=planting,
    )


def checker() -> Callable[[int, dict], Row]:
    """The check of one row: plot codes new to the register and once in the file."""
    existing = {c.lower() for c in db.session.scalars(sa.select(Plot.code))}
    seen: dict[str, int] = {}

    def check(number: int, raw: dict) -> Row:
        row = validate_row(raw)
        key = row.plot["code"].lower()
        if key in existing:
            raise ValidationError(N_("Another plot already has this code"), field="plot_code")
        if key in seen:
            raise ValidationError(
                N_("This plot code is also on row %(row)s"), field="plot_code", row=seen[key]
            )
        seen[key] = row.line
        return row

    return check


def apply(rows: list[Row], on_progress=None) -> Counts:
    counts = Counts()
    people_by_id = {
        p.national_id: p
        for p in db.session.scalars(sa.select(Person).where(Person.national_id.is_not(None)))
    }
    people_by_name = {
        (p.first_name_th, p.last_name_th): p for p in db.session.scalars(sa.select(Person))
    }
    groups = {g.name: g for g in db.session.scalars(sa.select(ProducerGroup))}
    farms = {(f.person_id, f.name): f for f in db.session.scalars(sa.select(Farm))}
    villages: dict = {}
    step = max(1, len(rows) // runner.PROGRESS_STEPS)
    for i, row in enumerate(rows, start=1):
        village = None
        if row.village_moo is not None:
            village = villages.get(row.village_moo)
            if village is None:  # by number in the tenant's subdistrict, as the registry's import
                village, _created = registry_services.village_for_import(
                    row.village_moo, row.village_name
                )
                villages[row.village_moo] = village
        person = (
            people_by_id.get(row.national_id) if row.national_id else None
        ) or people_by_name.get((row.first_name, row.last_name))
        if person is None:
            person = Person(
                first_name_th=row.first_name,
                last_name_th=row.last_name,
                national_id=row.national_id,
            )
            db.session.add(person)
            db.session.flush()
            counts.people_created += 1
            people_by_name[(row.first_name, row.last_name)] = person
            if row.national_id:
                people_by_id[row.national_id] = person
        group = None
        if row.group_name:
            group = groups.get(row.group_name)
            if group is None:
                group = ProducerGroup(
                    name=row.group_name, village_id=village.id if village else None
                )
                db.session.add(group)
                db.session.flush()
                groups[row.group_name] = group
                counts.groups_created += 1
        farm = farms.get((person.id, row.farm_name))
        if farm is None:
            farm = Farm(
                person_id=person.id,
                household_id=person.household_id,
                name=row.farm_name,
                group_id=group.id if group else None,
                village_id=village.id if village else None,
            )
            db.session.add(farm)
            db.session.flush()
            farms[(person.id, row.farm_name)] = farm
            counts.farms_created += 1
        plot = Plot(farm_id=farm.id, **row.plot)
        db.session.add(plot)
        counts.plots_created += 1
        if row.planting:
            db.session.flush()
            db.session.add(Planting(plot_id=plot.id, **row.planting))
        if on_progress and (i % step == 0 or i == len(rows)):
            db.session.flush()
            on_progress(i)
    db.session.flush()
    return counts


IMPORTER = runner.Importer(
    kind=IMPORT_KIND,
    read=lambda job, text: ([(raw["_line"], raw) for raw in read_rows(text)], checker()),
    apply=lambda job, rows, progress: vars(apply(rows, progress)),
    counts=tuple(Counts.__dataclass_fields__),
    done_action="producers.plot_import.done",
    target_type="producer_plot_import",
    progress_while_applying=True,
)


def get(job_id: int) -> ImportJob:
    job = runner.get(IMPORT_KIND, job_id)
    if job is None:
        raise NotFound(N_("Unknown import"))
    return job


def jobs(limit: int = 20) -> list[ImportJob]:
    return runner.jobs(IMPORT_KIND, limit=limit)


def start(filename: str, content: bytes, mode: str, *, actor_id: int | None) -> ImportJob:
    if not content:
        raise ValidationError(N_("Choose a CSV file to upload"), field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(N_("The file is too large"), field="file")
    if mode not in ("strict", "good_only"):
        raise ValidationError(N_("Choose one of the listed values"), field="mode")
    job = runner.new_job(IMPORTER, filename or "plots.csv", content, mode, actor_id=actor_id)
    record(
        "producers.plot_import.start",
        actor_id=actor_id,
        target_type="producer_plot_import",
        target_id=job.id,
        after={"filename": job.filename, "mode": mode, "size": len(content)},
    )
    return job


def import_good_rows(job: ImportJob, *, actor_id: int | None) -> ImportJob:
    from producers.pgs.services import InvalidTransition

    if job.status != "invalid":
        raise InvalidTransition(N_("Only a checked file with errors can import its good rows"))
    runner.retry_good_rows(job)
    record(
        "producers.plot_import.good_only",
        actor_id=actor_id,
        target_type="producer_plot_import",
        target_id=job.id,
    )
    return job


def run(job_id: int, tenant_id: int) -> str:
    """Validate and import a queued job (core/imports/runner.py); safe to run twice."""
    return runner.run(IMPORTER, job_id, tenant_id)
