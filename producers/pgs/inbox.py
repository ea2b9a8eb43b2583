"""What waits for each person of the PGS workflow, on their first page: the
inspector's inspections to carry out, the staff's requests needing a team and
inspections to screen, the committee's decisions, revocations to confirm
(never their own proposal) and appeals, the producer's certificates running
out. A few counting queries, whatever the size of the network."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from core import clock, modules
from core.auth.policies import can
from core.db import db
from core.registry.models import Person
from producers.models.pgs import (
    Appeal,
    Certificate,
    Farm,
    Inspection,
    InspectionInspector,
    Sanction,
)
from producers.pgs import mine

MIN_TEAM = 2


def to_inspect(user_id: int) -> list[int]:
    """Planned inspections with this user on the team who has not signed yet."""
    return list(
        db.session.scalars(
            sa.select(Inspection.id)
            .join(InspectionInspector, InspectionInspector.inspection_id == Inspection.id)
            .join(Person, Person.id == InspectionInspector.person_id)
            .where(
                Person.user_id == user_id,
                Inspection.status == "planned",
                InspectionInspector.verdict.is_(None),
            )
            .order_by(Inspection.planned_on.nulls_last(), Inspection.id)
        )
    )


def team_sizes(inspection_ids: list[int]) -> dict[int, int]:
    if not inspection_ids:
        return {}
    rows = db.session.execute(
        sa.select(InspectionInspector.inspection_id, sa.func.count(InspectionInspector.id))
        .where(InspectionInspector.inspection_id.in_(inspection_ids))
        .group_by(InspectionInspector.inspection_id)
    )
    return {inspection_id: n for inspection_id, n in rows}


def needing_team() -> int:
    team = (
        sa.select(sa.func.count(InspectionInspector.id))
        .where(InspectionInspector.inspection_id == Inspection.id)
        .scalar_subquery()
    )
    return db.session.scalar(
        sa.select(sa.func.count(Inspection.id)).where(
            Inspection.status == "planned", team < MIN_TEAM
        )
    ) or 0


def _count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)).where(*where)) or 0


def revocations_to_confirm(user_id: int) -> list[int]:
    """Proposed revocations another member proposed (a member never confirms
    their own)."""
    return list(
        db.session.scalars(
            sa.select(Sanction.certificate_id).where(
                Sanction.kind == "revocation",
                Sanction.status == "proposed",
                sa.or_(
                    Sanction.proposed_by_user_id.is_(None),
                    Sanction.proposed_by_user_id != user_id,
                ),
            )
        )
    )


def waiting(user, tenant) -> list[modules.Waiting]:
    out: list[modules.Waiting] = []
    everything = url_for("producers.pgs_waiting", slug=tenant.slug)

    def link(ids: list[int], endpoint: str, arg: str) -> str:
        if len(ids) != 1:
            return everything
        values: dict = {"slug": tenant.slug, arg: ids[0]}
        return url_for(endpoint, **values)

    if can(user, "producers.own", tenant.id):
        out.append(modules.Waiting(_("My farm: plots, inspections, certificates"),
                                   url_for("producers.pgs_mine", slug=tenant.slug), 1, "my-farm"))
        soon = clock.today() + timedelta(days=mine.EXPIRY_SOON_DAYS)
        expiring = db.session.scalar(
            sa.select(sa.func.count(Certificate.id))
            .join(Farm, Farm.id == Certificate.farm_id)
            .join(Person, Person.id == Farm.person_id)
            .where(Person.user_id == user.id, Certificate.status == "active",
                   Certificate.valid_until <= soon, Certificate.valid_until >= clock.today())
        ) or 0
        out.append(modules.Waiting(_("My certificates running out: %(n)s", n=expiring),
                                   url_for("producers.pgs_mine", slug=tenant.slug) + "#certificates",
                                   expiring, "expiring"))
    if can(user, "producers.inspect", tenant.id):
        ids = to_inspect(user.id)
        out.append(modules.Waiting(_("Inspections to carry out: %(n)s", n=len(ids)),
                                   link(ids, "producers.pgs_inspection", "inspection_id"), len(ids),
                                   "to-inspect"))
    if can(user, "producers.plan_inspection", tenant.id):
        n = needing_team()
        out.append(modules.Waiting(_("Inspections asked for, needing a team: %(n)s", n=n),
                                   everything, n, "needing-team"))
    if can(user, "producers.screen", tenant.id):
        n = _count(Inspection, Inspection.status == "submitted")
        out.append(modules.Waiting(_("Inspections to screen: %(n)s", n=n), everything, n, "to-screen"))
    if can(user, "producers.decide", tenant.id):
        n = _count(Inspection, Inspection.status == "screened")
        out.append(modules.Waiting(_("Inspections waiting for the committee's decision: %(n)s", n=n),
                                   everything, n, "to-decide"))
        ids = revocations_to_confirm(user.id)
        out.append(modules.Waiting(_("Revocations to confirm: %(n)s", n=len(ids)),
                                   link(ids, "producers.pgs_certificate", "certificate_id"), len(ids),
                                   "to-confirm"))
        n = _count(Appeal, Appeal.status == "open")
        out.append(modules.Waiting(_("Appeals to decide: %(n)s", n=n), everything, n, "appeals"))
    return out


modules.register_inbox("producers", waiting)
