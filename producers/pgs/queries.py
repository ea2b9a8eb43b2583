"""Read side of the PGS pages: lists and the facts each page shows."""

from __future__ import annotations

import sqlalchemy as sa

from core import clock
from core.db import db
from core.errors import NotFound
from core.paging import Page, paginate
from core.registry.models import Person, Village
from producers.certification import plot_status
from producers.models.pgs import (
    Appeal,
    Certificate,
    CertificatePlot,
    CommitteeMeeting,
    Decision,
    Farm,
    Inspection,
    NonCompliance,
    Planting,
    Pledge,
    Plot,
    ProducerGroup,
    Sanction,
    Standard,
)
from producers.pgs import conflicts, services
from producers.pgs.workflow import deciding, inspecting, screening

PAGE_SIZE = 50


def standards() -> list[Standard]:
    """Every standard, newest version first within a code."""
    return list(db.session.scalars(
        sa.select(Standard).order_by(Standard.code, Standard.version.desc())
    ))


def groups() -> list[ProducerGroup]:
    return list(db.session.scalars(sa.select(ProducerGroup).order_by(ProducerGroup.name)))


def villages() -> list[Village]:
    return list(db.session.scalars(sa.select(Village).order_by(Village.moo, Village.name_th)))


def people(limit: int = 500) -> list[Person]:
    """People to pick a farm's owner from, by first name."""
    return list(db.session.scalars(
        sa.select(Person).order_by(Person.first_name_th).limit(limit)
    ))


def groups_with_counts() -> list[tuple[ProducerGroup, int]]:
    counts = (
        sa.select(Farm.group_id, sa.func.count(Farm.id).label("n"))
        .group_by(Farm.group_id)
        .subquery()
    )
    return db.session.execute(
        sa.select(ProducerGroup, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.group_id == ProducerGroup.id)
        .order_by(ProducerGroup.name)
    ).all()


def farms(q: str = "", limit: int | None = 500) -> list[tuple[Farm, Person, int]]:
    plots = (
        sa.select(Plot.farm_id, sa.func.count(Plot.id).label("n")).group_by(Plot.farm_id).subquery()
    )
    query = (
        sa.select(Farm, Person, sa.func.coalesce(plots.c.n, 0))
        .join(Person, Person.id == Farm.person_id)
        .outerjoin(plots, plots.c.farm_id == Farm.id)
        .order_by(Farm.name)
        .limit(limit)
    )
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(
                Farm.name.ilike(like),
                Person.first_name_th.ilike(like),
                Person.last_name_th.ilike(like),
            )
        )
    return db.session.execute(query).all()


def farm_page(farm: Farm) -> dict:
    plots = db.session.scalars(
        sa.select(Plot).where(Plot.farm_id == farm.id).order_by(Plot.code)
    ).all()
    return {
        "farm": farm,
        "person": db.session.get(Person, farm.person_id),
        "group": db.session.get(ProducerGroup, farm.group_id) if farm.group_id else None,
        "plots": plots,
        "statuses": {p.id: plot_status(p.id) for p in plots},
        "pledges": db.session.scalars(
            sa.select(Pledge).where(Pledge.farm_id == farm.id).order_by(Pledge.signed_on.desc())
        ).all(),
        "standards": db.session.scalars(
            sa.select(Standard).where(Standard.status == "active")
        ).all(),
        "inspections": db.session.scalars(
            sa.select(Inspection)
            .where(Inspection.farm_id == farm.id)
            .order_by(Inspection.id.desc())
        ).all(),
        "certificates": db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.farm_id == farm.id)
            .order_by(Certificate.valid_from.desc())
        ).all(),
        "noncompliances": screening.noncompliances_of(farm_id=farm.id),
    }


def plots_query(q: str = "") -> sa.Select:
    """Plots with their farm, by code, searched by code, name or farm."""
    query = sa.select(Plot, Farm).join(Farm, Farm.id == Plot.farm_id)
    if q:
        like = f"%{q}%"
        query = query.where(
            sa.or_(Plot.code.ilike(like), Plot.name.ilike(like), Farm.name.ilike(like))
        )
    return query.order_by(Plot.code, Plot.id)


def plot_locations(q: str = "", *, by_code: bool = False, limit: int | None = None) -> list[sa.Row]:
    """Where the active plots lie, for the staff's maps (exact locations: never
    for public pages): id, code, name, lat, lon, geometry, shape, area_sqm,
    land_type, farm_id and farm (its name), searched as the plot list is;
    by id, or by code when ``by_code``, at most ``limit`` rows."""
    query = (
        plots_query(q)
        .with_only_columns(
            Plot.id, Plot.code, Plot.name, Plot.lat, Plot.lon, Plot.geometry, Plot.shape,
            Plot.area_sqm, Plot.land_type, Farm.id.label("farm_id"), Farm.name.label("farm"),
        )
        .where(Plot.active)
        .order_by(None)
        .order_by(Plot.code if by_code else Plot.id)
        .limit(limit)
    )  # fmt: skip
    return list(db.session.execute(query).all())


def plots(q: str = "", page: int = 1) -> Page:
    return paginate(plots_query(q).order_by(None).order_by(Plot.code), min(page, 10_000), PAGE_SIZE, clamp=False)


def plot_page(plot: Plot) -> dict:
    return {
        "plot": plot,
        "farm": db.session.get(Farm, plot.farm_id),
        "plantings": services.plantings_of(plot.id),
        "status": plot_status(plot.id),
    }


def inspections(status: str | None = None) -> list[tuple[Inspection, Farm]]:
    query = (
        sa.select(Inspection, Farm)
        .join(Farm, Farm.id == Inspection.farm_id)
        .order_by(Inspection.id.desc())
    )
    if status:
        query = query.where(Inspection.status == status)
    return db.session.execute(query.limit(300)).all()


def waiting_inspections(*where) -> list[tuple[Inspection, Farm]]:
    """Inspections (with their farm) that wait for a step of the workflow,
    the soonest planned first, at most 200."""
    rows = db.session.execute(
        sa.select(Inspection, Farm)
        .join(Farm, Farm.id == Inspection.farm_id)
        .where(*where)
        .order_by(Inspection.planned_on.nulls_last(), Inspection.id)
        .limit(200)
    )
    return [(inspection, farm) for inspection, farm in rows]


def proposed_revocations(certificate_ids) -> list[Sanction]:
    return list(db.session.scalars(
        sa.select(Sanction).where(Sanction.certificate_id.in_(certificate_ids),
                                  Sanction.status == "proposed", Sanction.kind == "revocation")
    ))


def open_appeals() -> list[Appeal]:
    return list(db.session.scalars(sa.select(Appeal).where(Appeal.status == "open").order_by(Appeal.lodged_on)))


def open_meeting() -> CommitteeMeeting | None:
    """The committee's open meeting (the latest, if several)."""
    return db.session.scalars(
        sa.select(CommitteeMeeting).where(CommitteeMeeting.status == "open").order_by(CommitteeMeeting.held_on.desc())
    ).first()


def inspection_page(inspection: Inspection) -> dict:
    team = inspecting.team_of(inspection.id)
    people = {
        p.id: p
        for p in db.session.scalars(
            sa.select(Person).where(Person.id.in_([m.person_id for m in team]))
        )
    }
    return {
        "inspection": inspection,
        "farm": db.session.get(Farm, inspection.farm_id),
        "standard": db.session.get(Standard, inspection.standard_id),
        "team": [(m, people.get(m.person_id)) for m in team],
        "criteria": services.criteria_of(inspection.standard_id),
        "answers": inspecting.answers_of(inspection.id),
        "noncompliances": screening.noncompliances_of(inspection_id=inspection.id),
        "disagree": inspecting.team_disagrees(inspection),
        "conflicted": conflicts.conflicted_team(inspection),
        "decision": db.session.scalars(
            sa.select(Decision).where(Decision.inspection_id == inspection.id)
        ).first(),
    }


def inspector_candidates(inspection: Inspection | None = None) -> list[Person]:
    """The network's inspectors; for ``inspection``, only those who may join
    its team (not on it yet, no conflict of interest under its charter)."""
    people = _inspectors()
    if inspection is None:
        return people

    on_team = {m.person_id for m in inspecting.team_of(inspection.id)}
    farm = db.session.get(Farm, inspection.farm_id)
    if farm is None:
        raise NotFound()
    allowed = conflicts.allowed_by(inspection.standard_id)
    return [
        p for p in people
        if p.id not in on_team and conflicts.rule_broken(farm, p, inspection.cycle, allowed) is None
    ]


def _member_user_ids(role: str) -> list[int]:
    """Ids of the tenant's active members who hold ``role``."""
    from core.tenancy.context import require_tenant_id
    from core.tenancy.models import Membership

    return [
        m.user_id
        for m in db.session.scalars(
            sa.select(Membership).where(
                Membership.tenant_id == require_tenant_id(), Membership.active
            )
        )
        if role in m.roles
    ]


def committee_users() -> list:
    """The users who sit on the tenant's committee (active members with the role)."""
    from core.auth.models import User

    members = _member_user_ids("committee")
    if not members:
        return []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(members))))


def _inspectors() -> list[Person]:
    users = _member_user_ids("inspector")
    if not users:
        return []
    return db.session.scalars(
        sa.select(Person).where(Person.user_id.in_(users)).order_by(Person.first_name_th)
    ).all()


def meetings(limit: int | None = 200) -> list[CommitteeMeeting]:
    return db.session.scalars(
        sa.select(CommitteeMeeting).order_by(CommitteeMeeting.held_on.desc()).limit(limit)
    ).all()


def meeting_page(meeting: CommitteeMeeting) -> dict:
    return {
        "meeting": meeting,
        "attendees": deciding.attendees_of(meeting.id),
        "decisions": db.session.execute(
            sa.select(Decision, Farm)
            .join(Farm, Farm.id == Decision.farm_id)
            .where(Decision.meeting_id == meeting.id)
        ).all(),
        "waiting": inspections("screened"),
    }


def certificates(status: str | None = None, limit: int | None = 500) -> list[tuple[Certificate, Farm]]:
    query = (
        sa.select(Certificate, Farm)
        .join(Farm, Farm.id == Certificate.farm_id)
        .order_by(Certificate.valid_from.desc(), Certificate.id.desc())
    )
    if status:
        query = query.where(Certificate.status == status)
    return db.session.execute(query.limit(limit)).all()


def certificate_page(cert: Certificate) -> dict:

    from producers.certification import effective_status

    scope = db.session.execute(
        sa.select(CertificatePlot, Plot)
        .join(Plot, Plot.id == CertificatePlot.plot_id)
        .where(CertificatePlot.certificate_id == cert.id)
        .order_by(Plot.code)
    ).all()
    sanctions = db.session.scalars(
        sa.select(Sanction).where(Sanction.certificate_id == cert.id).order_by(Sanction.id.desc())
    ).all()
    appeals = (
        db.session.scalars(
            sa.select(Appeal)
            .where(Appeal.sanction_id.in_([s.id for s in sanctions]))
            .order_by(Appeal.id.desc())
        ).all()
        if sanctions
        else []
    )
    return {
        "certificate": cert,
        "farm": db.session.get(Farm, cert.farm_id),
        "scope": scope,
        "sanctions": sanctions,
        "appeals": appeals,
        "status_now": effective_status(cert, clock.today())[0],
        "noncompliances": screening.noncompliances_of(farm_id=cert.farm_id),
    }


def open_noncompliances() -> list[tuple[NonCompliance, Farm]]:
    return db.session.execute(
        sa.select(NonCompliance, Farm)
        .join(Farm, Farm.id == NonCompliance.farm_id)
        .where(NonCompliance.status == "open")
        .order_by(NonCompliance.due_on)
    ).all()


def planting_count(plot_id: int) -> int:
    return (
        db.session.scalar(sa.select(sa.func.count(Planting.id)).where(Planting.plot_id == plot_id))
        or 0
    )


def certificate_id_of(decision: Decision) -> int | None:
    """The certificate a committee decision issued, if it issued one."""
    return db.session.scalar(sa.select(Certificate.id).where(Certificate.decision_id == decision.id))
