"""Verbs of the registry. Each takes the actor and the tenant, validates with
:mod:`core.registry.policies`, writes an audit event and flushes; the caller
commits once. Duplicates are flagged for review, never merged."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core import clock
from core.audit.services import record
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.imports import runner
from core.imports.models import ImportJob
from core.registry import policies, queries
from core.registry.models import (
    VULNERABILITY_FLAGS,
    DuplicateFlag,
    Household,
    Person,
    Village,
)

PERSON_FIELDS = (
    "title_th", "first_name_th", "last_name_th", "first_name_en", "last_name_en",
    "national_id", "phone", "birth_date", "sex", *VULNERABILITY_FLAGS,
)


class DuplicateCode(ValidationError):
    code = "duplicate_code"
    message = N_("This household code is already used")


class DuplicateVillage(ValidationError):
    code = "duplicate_village"
    message = N_("A village with this number already exists")


class NotAMember(Conflict):
    code = "not_a_member"
    message = N_("The head of a household must be one of its members")


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


def _check_tenant(tenant, *rows) -> None:
    for row in rows:
        if row is not None and row.tenant_id != tenant.id:
            raise NotFound()


def _flush_unique(error: type[ValidationError], field: str) -> None:
    """Flush; a UNIQUE violation (a concurrent twin got there first) becomes a
    field error. The caller rolls back."""
    try:
        db.session.flush()
    except sa.exc.IntegrityError as exc:
        raise error(field=field) from exc


# --- summaries for the audit log (never a full national ID or phone) --------


def person_summary(person: Person) -> dict:
    return {
        "name": person.name_th,
        "household_id": person.household_id,
        "national_id": policies.mask_national_id(person.national_id),
        "phone": policies.mask_phone(person.phone),
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.sex,
        "flags": sorted(f for f in VULNERABILITY_FLAGS if getattr(person, f)),
    }


def household_summary(household: Household) -> dict:
    return {
        "code": household.code,
        "village_id": household.village_id,
        "head_person_id": household.head_person_id,
        "has_address": bool(household.address),
    }


def village_summary(village: Village) -> dict:
    return {"moo": village.moo, "name_th": village.name_th, "name_en": village.name_en}


# --- villages -----------------------------------------------------------------


def _unique_moo(village: Village, moo: int | None) -> None:
    """One หมู่ n per subdistrict of the tenant; a village with no subdistrict
    clashes with every หมู่ n of the tenant (it is the same number in the
    tenant's own subdistrict), and every หมู่ n clashes with it."""
    if moo is None:
        return
    same_place: sa.ColumnElement[bool] = Village.subdistrict_id.is_(None)
    if village.subdistrict_id is not None:
        same_place = sa.or_(same_place, Village.subdistrict_id == village.subdistrict_id)
    clash = db.session.scalar(
        sa.select(Village.id).where(Village.moo == moo, same_place, Village.id != (village.id or 0)).limit(1)
    )
    if clash:
        raise DuplicateVillage(field="moo")


class AmbiguousVillage(ValidationError):
    code = "ambiguous_village"
    message = N_("Village number %(moo)s exists in more than one subdistrict of this organisation: give the village in the registry first")


def village_by_number(moo: int) -> Village | None:
    """The tenant's หมู่ ``moo``: in its own subdistrict (the one its numbered
    villages lie in), or without one. A file or form that gives only the
    number — with or without a name — finds it here rather than adding a
    twin. :class:`AmbiguousVillage` when the tenant spans subdistricts that
    each have a หมู่ ``moo``."""
    home = queries.home_subdistrict_id()
    stmt = sa.select(Village).where(Village.moo == moo)
    if home is not None:
        stmt = stmt.where(sa.or_(Village.subdistrict_id == home, Village.subdistrict_id.is_(None)))
    found = list(db.session.scalars(stmt.order_by(Village.subdistrict_id.is_(None), Village.id)))
    if len({v.subdistrict_id for v in found if v.subdistrict_id is not None}) > 1:
        raise AmbiguousVillage(field="village_moo", moo=moo)
    return found[0] if found else None


def village_for_import(moo: int, name: str | None) -> tuple[Village, bool]:
    """The tenant's หมู่ ``moo`` (see :func:`village_by_number`), or a new one
    in the tenant's subdistrict; a placeholder name is replaced by a real one.
    Returns the village and whether it was created."""
    village = village_by_number(moo)
    if village is not None:
        if name and village.name_th == f"หมู่ {moo}":
            village.name_th = name
        return village, False
    village = Village(moo=moo, name_th=name or f"หมู่ {moo}", kind="moo",
                      subdistrict_id=queries.home_subdistrict_id())
    db.session.add(village)
    db.session.flush()
    return village, True


def create_village(actor, tenant, data: dict) -> Village:
    clean = policies.clean_village(data)
    village = Village(tenant_id=tenant.id, kind="moo" if clean["moo"] else "community",
                      subdistrict_id=queries.home_subdistrict_id())
    _unique_moo(village, clean["moo"])
    for key, value in clean.items():
        setattr(village, key, value)
    db.session.add(village)
    _flush_unique(DuplicateVillage, "moo")
    record("registry.village.create", actor_id=_actor_id(actor), target_type="village",
           target_id=village.id, after=village_summary(village))
    return village


def update_village(actor, tenant, village: Village, data: dict) -> Village:
    _check_tenant(tenant, village)
    clean = policies.clean_village(data)
    _unique_moo(village, clean["moo"])
    before = village_summary(village)
    for key, value in clean.items():
        setattr(village, key, value)
    village.kind = "moo" if village.moo else "community"
    _flush_unique(DuplicateVillage, "moo")
    record("registry.village.update", actor_id=_actor_id(actor), target_type="village",
           target_id=village.id, before=before, after=village_summary(village))
    return village


# --- households ---------------------------------------------------------------


def _household_fields(data: dict) -> dict:
    clean = {}
    errors: list[ValidationError] = []
    try:
        clean = policies.clean_household(data)
    except policies.FieldErrors as exc:
        errors.extend(exc.errors)
    village_id = data.get("village_id")
    clean["village_id"] = None
    if village_id not in (None, "", 0, "0"):
        village = None
        if str(village_id).isdigit():
            village = db.session.scalar(sa.select(Village).where(Village.id == int(village_id)))
        if village is None:
            errors.append(policies.InvalidChoice(field="village_id"))
        else:
            clean["village_id"] = village.id
    if errors:
        raise policies.FieldErrors(errors)
    return clean


def _unique_code(code: str, household_id: int | None) -> None:
    clash = db.session.scalar(
        sa.select(Household.id).where(Household.code == code, Household.id != (household_id or 0))
    )
    if clash:
        raise DuplicateCode(field="code")


def create_household(actor, tenant, data: dict) -> Household:
    clean = _household_fields(data)
    _unique_code(clean["code"], None)
    household = Household(tenant_id=tenant.id, **clean)
    db.session.add(household)
    _flush_unique(DuplicateCode, "code")
    record("registry.household.create", actor_id=_actor_id(actor), target_type="household",
           target_id=household.id, after=household_summary(household))
    return household


def update_household(actor, tenant, household: Household, data: dict) -> Household:
    _check_tenant(tenant, household)
    clean = _household_fields(data)
    _unique_code(clean["code"], household.id)
    before = household_summary(household)
    for key, value in clean.items():
        setattr(household, key, value)
    _flush_unique(DuplicateCode, "code")
    record("registry.household.update", actor_id=_actor_id(actor), target_type="household",
           target_id=household.id, before=before, after=household_summary(household))
    return household


def set_head(actor, tenant, household: Household, person: Person) -> Household:
    _check_tenant(tenant, household, person)
    if person.household_id != household.id:
        raise NotAMember()
    before = household_summary(household)
    household.head_person_id = person.id
    db.session.flush()
    record("registry.household.set_head", actor_id=_actor_id(actor), target_type="household",
           target_id=household.id, before=before, after=household_summary(household))
    return household


# --- people -------------------------------------------------------------------


def add_person(actor, tenant, household: Household | None, data: dict, *, today: date | None = None,
               make_head: bool = False) -> Person:
    _check_tenant(tenant, household)
    clean = policies.clean_person(data, today or clock.today())
    person = Person(tenant_id=tenant.id, household_id=household.id if household else None, **clean)
    db.session.add(person)
    db.session.flush()
    if household is not None and (make_head or household.head_person_id is None):
        household.head_person_id = person.id
    record("registry.person.create", actor_id=_actor_id(actor), target_type="person",
           target_id=person.id, after=person_summary(person))
    flag_duplicates(person)
    db.session.flush()
    return person


def update_person(actor, tenant, person: Person, data: dict, *, today: date | None = None) -> Person:
    _check_tenant(tenant, person)
    clean = policies.clean_person(data, today or clock.today())
    before = person_summary(person)
    for key, value in clean.items():
        setattr(person, key, value)
    db.session.flush()
    record("registry.person.update", actor_id=_actor_id(actor), target_type="person",
           target_id=person.id, before=before, after=person_summary(person))
    flag_duplicates(person)
    return person


def reveal_national_id(actor, tenant, person: Person) -> str | None:
    """The full national ID, for a holder of ``registry.view_full_id``; every
    look is audited."""
    _check_tenant(tenant, person)
    record("registry.person.view_full_id", actor_id=_actor_id(actor), target_type="person",
           target_id=person.id)
    return person.national_id


# --- duplicates ---------------------------------------------------------------

DUPLICATE_REASONS = ("national_id", "phone")


def flag_duplicates(person: Person) -> list[DuplicateFlag]:
    """Flag every other person of the tenant with the same national ID or phone
    (once per pair and reason). Never merges."""
    created = []
    for reason in DUPLICATE_REASONS:
        for other in queries.others_sharing(person, reason):
            low, high = sorted((person.id, other.id))
            exists = db.session.scalar(
                sa.select(DuplicateFlag.id).where(
                    DuplicateFlag.person_id == low,
                    DuplicateFlag.other_person_id == high,
                    DuplicateFlag.reason == reason,
                )
            )
            if exists:
                continue
            flag = DuplicateFlag(tenant_id=person.tenant_id, person_id=low, other_person_id=high,
                                 reason=reason, status="open")
            db.session.add(flag)
            created.append(flag)
    if created:
        db.session.flush()
    return created


RESOLUTIONS = ("distinct", "resolved")


def resolve_flag(actor, tenant, flag: DuplicateFlag, resolution: str, note: str | None) -> DuplicateFlag:
    _check_tenant(tenant, flag)
    if resolution not in RESOLUTIONS:
        raise policies.InvalidChoice(field="resolution")
    note = policies.optional_text(note, "note", 2000)
    before = {"status": flag.status}
    flag.status = resolution
    flag.resolution_note = note
    flag.resolved_by_user_id = _actor_id(actor)
    db.session.flush()
    record("registry.duplicate.resolve", actor_id=_actor_id(actor), target_type="duplicate_flag",
           target_id=flag.id, before=before, after={"status": resolution, "note": note})
    return flag


# --- imports ------------------------------------------------------------------

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class FileTooLarge(ValidationError):
    code = "file_too_large"
    message = N_("The file is larger than 5 MB")


class EmptyFile(ValidationError):
    code = "empty_file"
    message = N_("The file is empty")


def start_import(actor, tenant, filename: str, content: bytes, mode: str = "strict") -> ImportJob:
    """Keep the uploaded file with a queued job; the caller enqueues the task
    after commit."""
    if not content:
        raise EmptyFile(field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise FileTooLarge(field="file")
    if mode not in ("strict", "good_only"):
        raise policies.InvalidChoice(field="mode")
    from core.registry.importer import IMPORTER

    job = runner.new_job(IMPORTER, filename or "import.csv", content, mode, actor_id=_actor_id(actor))
    record("registry.import.upload", actor_id=_actor_id(actor), target_type="import_job",
           target_id=job.id, after={"filename": job.filename, "bytes": len(content), "mode": mode})
    return job


class NotRetryable(Conflict):
    code = "import_not_retryable"
    message = N_("Only an import with errors can import its good rows")


def import_good_rows(actor, tenant, job: ImportJob) -> ImportJob:
    """Re-run an invalid job, importing only its good rows."""
    _check_tenant(tenant, job)
    if job.status != "invalid":
        raise NotRetryable()
    runner.retry_good_rows(job)
    record("registry.import.good_only", actor_id=_actor_id(actor), target_type="import_job",
           target_id=job.id)
    return job
