"""A producer's own farm, from their phone: their farms (through the person
their log-in belongs to), adding a plot, asking for an inspection, and their
certificates with the day each runs out. Services flush, never commit; the
user is an argument, and a farm that is not theirs is not found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core import clock
from core.db import db
from core.errors import N_, NotFound
from core.registry.models import Person
from producers.certification import effective_status, plot_status
from producers.models.pgs import Certificate, Farm, Inspection, Pledge, Plot
from producers.pgs import geo, services, workflow
from producers.pgs.workflow import inspecting

EXPIRY_SOON_DAYS = 60


@dataclass(frozen=True)
class MyCertificate:
    certificate: Certificate
    farm: Farm
    status: str  # the status today, expiry and suspension taken into account
    days_left: int  # until valid_until (negative once past)

    @property
    def expires_soon(self) -> bool:
        return self.status == "active" and self.days_left <= EXPIRY_SOON_DAYS


def farms_of(user_id: int) -> list[Farm]:
    """The farms of the people this log-in belongs to."""
    return list(
        db.session.scalars(
            sa.select(Farm)
            .join(Person, Person.id == Farm.person_id)
            .where(Person.user_id == user_id)
            .order_by(Farm.name, Farm.id)
        )
    )


def own_farm(farm_id, user_id: int) -> Farm:
    """The farm, if it is this user's; another's farm is simply not found."""
    farm = services.get(Farm, farm_id, N_("This farm is not yours"))
    person = db.session.get(Person, farm.person_id)
    if person is None or person.user_id != user_id:
        raise NotFound(N_("This farm is not yours"))
    return farm


def certificates_of(farms: list[Farm], today: date) -> list[MyCertificate]:
    by_id = {f.id: f for f in farms}
    if not by_id:
        return []
    rows = db.session.scalars(
        sa.select(Certificate)
        .where(Certificate.farm_id.in_(by_id))
        .order_by(Certificate.valid_until.desc(), Certificate.id.desc())
    )
    out = []
    for cert in rows:
        status, _until, _changed = effective_status(cert, today)
        out.append(MyCertificate(cert, by_id[cert.farm_id], status, (cert.valid_until - today).days))
    return out


def page(user_id: int) -> dict:
    """Everything the producer's own page shows, a handful of queries whatever
    the number of plots."""
    today = clock.today()
    farms = farms_of(user_id)
    ids = [f.id for f in farms]
    plots = (
        db.session.scalars(
            sa.select(Plot).where(Plot.farm_id.in_(ids), Plot.active).order_by(Plot.code)
        ).all()
        if ids
        else []
    )
    inspections = (
        db.session.scalars(
            sa.select(Inspection)
            .where(Inspection.farm_id.in_(ids))
            .order_by(Inspection.id.desc())
            .limit(20)
        ).all()
        if ids
        else []
    )
    pledged = (
        set(db.session.scalars(sa.select(Pledge.farm_id).where(Pledge.farm_id.in_(ids))))
        if ids
        else set()
    )
    open_by_farm = {
        i.farm_id for i in inspections if i.status in ("planned", "submitted", "screened")
    }
    return {
        "farms": farms,
        "plots_by_farm": {f.id: [p for p in plots if p.farm_id == f.id] for f in farms},
        "statuses": {p.id: plot_status(p.id) for p in plots},
        "areas": {p.id: geo.to_rai_ngan_wa(p.area_sqm) for p in plots},
        "inspections": inspections,
        "pledged": pledged,
        "open_by_farm": open_by_farm,
        "certificates": certificates_of(farms, today),
        "person": workflow.person_of_user(user_id),
    }


def next_plot_code(farm: Farm) -> str:
    """``P<farm>-<n>``: the first free number for this farm."""
    taken = {
        c.lower()
        for c in db.session.scalars(sa.select(Plot.code).where(Plot.farm_id == farm.id))
    }
    n = len(taken) + 1
    while f"p{farm.id}-{n}" in taken or _code_used(f"P{farm.id}-{n}"):
        n += 1
    return f"P{farm.id}-{n}"


def _code_used(code: str) -> bool:
    return db.session.scalar(
        sa.select(Plot.id).where(sa.func.lower(Plot.code) == code.lower()).limit(1)
    ) is not None


def add_plot(farm: Farm, data: dict, *, actor_id: int) -> Plot:
    """The producer's new plot; a blank code is given one."""
    data = dict(data)
    if not (data.get("code") or "").strip():
        data["code"] = next_plot_code(farm)
    return services.create_plot(farm, data, actor_id=actor_id)


def ask_inspection(farm: Farm, *, actor_id: int) -> Inspection:
    """A planned inspection of this year's cycle, for the staff to give a
    team; refused, with the reason, before the pledge or while one is open."""
    return inspecting.plan_inspection(farm, cycle=None, planned_on=None, actor_id=actor_id)
