"""Verbs for the network's charter, producer groups, farms, plots and
plantings. Services flush, never commit; the actor is an argument."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa

from core import clock
from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.forms import parse
from core.registry.models import Household, Person, Village
from producers.models.pgs import (
    LAND_TYPES,
    SEVERITIES,
    WATER_SOURCES,
    Criterion,
    Farm,
    Planting,
    Plot,
    ProducerGroup,
    Standard,
)
from producers.pgs import conflicts, geo
from producers.pgs import shape as shape_rules


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = N_("This step is not possible in the current state")


def get(model, row_id, message: str = N_("Not found")):
    try:
        row_id = int(row_id)
    except (TypeError, ValueError):
        raise NotFound(message) from None
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(message)
    return row


def _text(value, field: str, *, required: bool = True, max_len: int = 200) -> str | None:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        if required:
            raise ValidationError(N_("This field is required"), field=field)
        return None
    if len(text) > max_len:
        raise ValidationError(N_("This text is too long"), field=field)
    return text


def _audit(action: str, obj, actor_id: int | None, before: dict | None = None) -> None:
    record(
        f"producers.{action}",
        actor_id=actor_id,
        target_type=obj.__tablename__,
        target_id=obj.id,
        before=before,
        after=snapshot(obj),
    )


# --- standards -----------------------------------------------------------------


def create_standard(
    *, code: str, title_th: str, title_en: str = "", actor_id: int | None
) -> Standard:
    code = _text(code, "code", max_len=40)
    latest = (
        db.session.scalar(sa.select(sa.func.max(Standard.version)).where(Standard.code == code))
        or 0
    )
    standard = Standard(
        code=code,
        version=latest + 1,
        title_th=_text(title_th, "title_th"),
        title_en=_text(title_en, "title_en", required=False) or "",
        status="draft",
    )
    db.session.add(standard)
    db.session.flush()
    _audit("standard.create", standard, actor_id)
    return standard


def new_version(standard: Standard, *, actor_id: int | None) -> Standard:
    """A draft copy of ``standard`` (criteria included) with the next version number."""
    draft = create_standard(
        code=standard.code,
        title_th=standard.title_th,
        title_en=standard.title_en,
        actor_id=actor_id,
    )
    draft.conflicts_allowed = list(standard.conflicts_allowed or [])
    for c in criteria_of(standard.id):
        db.session.add(
            Criterion(
                standard_id=draft.id,
                code=c.code,
                position=c.position,
                text_th=c.text_th,
                text_en=c.text_en,
                severity=c.severity,
            )
        )
    db.session.flush()
    return draft


def set_conflicts_allowed(standard: Standard, rules: list[str], *, actor_id: int | None) -> Standard:
    """Which conflict-of-interest rules this charter relaxes (a draft only:
    the version in force is frozen)."""
    if standard.status != "draft":
        raise InvalidTransition(N_("Only a draft standard can be changed; make a new version"))
    unknown = [r for r in rules if r not in conflicts.RULES]
    if unknown:
        raise ValidationError(N_("Unknown conflict-of-interest rule"), field="allowed")
    before = snapshot(standard)
    standard.conflicts_allowed = [r for r in conflicts.RULES if r in rules]
    db.session.flush()
    _audit("standard.conflicts", standard, actor_id, before)
    return standard


def add_criterion(
    standard: Standard,
    *,
    code: str,
    text_th: str,
    text_en: str = "",
    severity: str = "major",
    actor_id: int | None,
) -> Criterion:
    if standard.status != "draft":
        raise InvalidTransition(N_("Only a draft standard can be changed; make a new version"))
    if severity not in SEVERITIES:
        raise ValidationError(N_("Choose a severity: minor, major or critical"), field="severity")
    code = _text(code, "code", max_len=20)
    if db.session.scalar(
        sa.select(Criterion.id).where(Criterion.standard_id == standard.id, Criterion.code == code)
    ):
        raise ValidationError(
            N_("This criterion code is already used in this standard"), field="code"
        )
    position = (
        db.session.scalar(
            sa.select(sa.func.max(Criterion.position)).where(Criterion.standard_id == standard.id)
        )
        or 0
    ) + 1
    criterion = Criterion(
        standard_id=standard.id,
        code=code,
        position=position,
        text_th=_text(text_th, "text_th", max_len=2000),
        text_en=_text(text_en, "text_en", required=False, max_len=2000) or "",
        severity=severity,
    )
    db.session.add(criterion)
    db.session.flush()
    _audit("criterion.create", criterion, actor_id)
    return criterion


def activate_standard(
    standard: Standard, *, effective_from: date | None = None, actor_id: int | None
) -> Standard:
    """The draft becomes the version in force; the previous active version of the same code retires."""
    if standard.status != "draft":
        raise InvalidTransition(N_("Only a draft standard can be put in force"))
    if not criteria_of(standard.id):
        raise InvalidTransition(
            N_("A standard needs at least one criterion before it is put in force")
        )
    before = snapshot(standard)
    for old in db.session.scalars(
        sa.select(Standard).where(Standard.code == standard.code, Standard.status == "active")
    ):
        old.status = "retired"
    standard.status = "active"
    standard.effective_from = effective_from or clock.today()
    db.session.flush()
    _audit("standard.activate", standard, actor_id, before)
    return standard


def criteria_of(standard_id: int) -> list[Criterion]:
    return list(
        db.session.scalars(
            sa.select(Criterion)
            .where(Criterion.standard_id == standard_id)
            .order_by(Criterion.position, Criterion.id)
        )
    )


def active_standard() -> Standard | None:
    return db.session.scalars(
        sa.select(Standard)
        .where(Standard.status == "active")
        .order_by(Standard.effective_from.desc(), Standard.id.desc())
        .limit(1)
    ).first()


# --- groups and farms ------------------------------------------------------------


def _village_id(value) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    return get(Village, value, N_("Unknown village")).id


def create_group(
    *, name: str, village_id=None, notes: str | None = None, actor_id: int | None
) -> ProducerGroup:
    name = _text(name, "name")
    if db.session.scalar(sa.select(ProducerGroup.id).where(ProducerGroup.name == name)):
        raise ValidationError(N_("A group with this name already exists"), field="name")
    group = ProducerGroup(
        name=name,
        village_id=_village_id(village_id),
        notes=_text(notes, "notes", required=False, max_len=2000),
    )
    db.session.add(group)
    db.session.flush()
    _audit("group.create", group, actor_id)
    return group


def create_farm(
    *, person_id, name: str, group_id=None, village_id=None, actor_id: int | None
) -> Farm:
    person = get(Person, person_id, N_("Unknown person"))
    group = (
        get(ProducerGroup, group_id, N_("Unknown group"))
        if group_id not in (None, "", 0, "0")
        else None
    )
    farm = Farm(
        person_id=person.id,
        household_id=person.household_id,
        name=_text(name, "name"),
        group_id=group.id if group else None,
        village_id=_village_id(village_id)
        or _household_village(person.household_id)
        or (group.village_id if group else None),
    )
    db.session.add(farm)
    db.session.flush()
    _audit("farm.create", farm, actor_id)
    return farm


def _household_village(household_id: int | None) -> int | None:
    if household_id is None:
        return None
    return db.session.scalar(sa.select(Household.village_id).where(Household.id == household_id))


# --- plots -----------------------------------------------------------------------


def _choice(value, choices: tuple[str, ...], field: str, *, required: bool) -> str | None:
    if value in (None, ""):
        if required:
            raise ValidationError(N_("This field is required"), field=field)
        return None
    if value not in choices:
        raise ValidationError(N_("Choose one of the listed values"), field=field)
    return value


def plot_fields(data: dict, *, partial: bool = False) -> dict:
    """Checked plot attributes from form or JSON input. The location comes from
    typed latitude/longitude, GeoJSON, a drawn shape, or several (then the point
    is kept as given and the geometry as drawn). A drawn shape (``shape``, or a
    Polygon given as ``geometry``) must not cross itself; its measured area is
    the plot's area and its centre the point when none is typed."""
    out: dict = {}
    if not partial or "code" in data:
        out["code"] = _text(data.get("code"), "code", max_len=40)
    if not partial or "name" in data:
        out["name"] = _text(data.get("name"), "name")
    located = not partial or any(k in data for k in ("geometry", "lat", "lon", "shape"))
    drawn = None
    if located:
        geometry = geo.parse_geometry(data.get("geometry"))
        drawn = shape_rules.parse(data.get("shape"))
        if drawn is None and geometry is not None and geometry["type"] == "Polygon":
            drawn = shape_rules.parse(geometry)
    unit_keys = ("area_rai", "area_ngan", "area_wa", "area_sqm")
    if drawn is not None:
        out["area_sqm"] = shape_rules.area_sqm(drawn)
        if out["area_sqm"] > geo.MAX_AREA_SQM:
            raise geo.InvalidArea(N_("The area is too large: check the unit"), field="shape")
    elif not partial or any(data.get(k) not in (None, "") for k in unit_keys):
        out["area_sqm"] = geo.area_from_units(
            data.get("area_rai"), data.get("area_ngan"), data.get("area_wa"), data.get("area_sqm")
        )
    if not partial or "land_type" in data:
        out["land_type"] = _choice(
            data.get("land_type") or "field", LAND_TYPES, "land_type", required=True
        )
    if not partial or "water_source" in data:
        out["water_source"] = _choice(
            data.get("water_source"), WATER_SOURCES, "water_source", required=False
        )
    if not partial or "buffer_notes" in data:
        out["buffer_notes"] = _text(
            data.get("buffer_notes"), "buffer_notes", required=False, max_len=2000
        )
    if located:
        point = geo.coordinate(data.get("lat"), data.get("lon"))
        if drawn is not None:
            geometry = drawn
            if point is None:
                point = geo.coordinate(*shape_rules.centroid(drawn))
        elif point is None and geometry is not None:
            lat, lon = geo.centroid(geometry)
            point = geo.coordinate(lat, lon)
        if geometry is None and point is not None:
            geometry = {"type": "Point", "coordinates": [float(point[1]), float(point[0])]}
        out["geometry"] = geometry
        out["shape"] = drawn
        out["lat"], out["lon"] = point if point else (None, None)
    return out


def _unique_code(code: str, exclude_id: int | None = None) -> None:
    query = sa.select(Plot.id).where(sa.func.lower(Plot.code) == code.lower())
    if exclude_id is not None:
        query = query.where(Plot.id != exclude_id)
    if db.session.scalar(query):
        raise ValidationError(N_("Another plot already has this code"), field="code")


def create_plot(farm: Farm, data: dict, *, actor_id: int | None) -> Plot:
    fields = plot_fields(data)
    _unique_code(fields["code"])
    plot = Plot(farm_id=farm.id, **fields)
    db.session.add(plot)
    db.session.flush()
    _audit("plot.create", plot, actor_id)
    return plot


def update_plot(plot: Plot, data: dict, *, actor_id: int | None) -> Plot:
    fields = plot_fields(data, partial=True)
    if "code" in fields:
        _unique_code(fields["code"], exclude_id=plot.id)
    before = snapshot(plot)
    for key, value in fields.items():
        setattr(plot, key, value)
    db.session.flush()
    _audit("plot.update", plot, actor_id, before)
    return plot


def attach_tenure(
    plot: Plot, file_bytes: bytes, filename: str | None, *, actor_id: int | None
) -> Plot:
    from core.documents.services import store

    document = store(
        file_bytes,
        filename,
        "tenure",
        actor_id=actor_id,
        target_type="producer_plot",
        target_id=plot.id,
    )
    before = snapshot(plot)
    plot.tenure_document_id = document.id
    db.session.flush()
    _audit("plot.tenure", plot, actor_id, before)
    return plot


# --- plantings -------------------------------------------------------------------


def _date(value, field: str) -> date | None:
    return parse.typed_date(value, field)


def _quantity(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        q = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            N_("The quantity must be a number"), field="expected_quantity_kg"
        ) from None
    if not q.is_finite() or q < 0 or q >= Decimal("1e9"):
        raise ValidationError(N_("The quantity must be zero or more"), field="expected_quantity_kg")
    return q.quantize(Decimal("0.001"))


def add_planting(plot: Plot, data: dict, *, actor_id: int | None) -> Planting:
    planted = _date(data.get("planted_on"), "planted_on")
    harvest = _date(data.get("expected_harvest_on"), "expected_harvest_on")
    if planted and harvest and harvest < planted:
        raise ValidationError(
            N_("The expected harvest cannot be before the planting date"),
            field="expected_harvest_on",
        )
    planting = Planting(
        plot_id=plot.id,
        crop=_text(data.get("crop"), "crop", max_len=100),
        variety=_text(data.get("variety"), "variety", required=False, max_len=100),
        season=_text(data.get("season"), "season", required=False, max_len=40),
        planted_on=planted,
        expected_harvest_on=harvest,
        expected_quantity_kg=_quantity(data.get("expected_quantity_kg")),
    )
    db.session.add(planting)
    db.session.flush()
    _audit("planting.create", planting, actor_id)
    return planting


def plantings_of(plot_id: int) -> list[Planting]:
    return list(
        db.session.scalars(
            sa.select(Planting)
            .where(Planting.plot_id == plot_id)
            .order_by(Planting.planted_on.desc().nulls_last(), Planting.id.desc())
        )
    )
