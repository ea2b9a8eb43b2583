"""What waits for each person of the PGS workflow, on their first page: the
inspector's inspections to carry out, the staff's requests needing a team and
inspections to screen, the committee's decisions, revocations to confirm
(never their own proposal) and appeals, the producer's certificates running
out. Counted in one statement, whatever the size of the network."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

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


def _to_inspect_where(user_id: int | sa.BindParameter) -> sa.Select:
    """Planned inspections with this user on the team who has not signed yet
    (the statement's columns are chosen by the caller)."""
    return (
        sa.select(Inspection.id)
        .join(InspectionInspector, InspectionInspector.inspection_id == Inspection.id)
        .join(Person, Person.id == InspectionInspector.person_id)
        .where(
            Person.user_id == user_id,
            Inspection.status == "planned",
            InspectionInspector.verdict.is_(None),
        )
    )


def to_inspect(user_id: int) -> list[int]:
    """Planned inspections with this user on the team who has not signed yet."""
    return list(
        db.session.scalars(
            _to_inspect_where(user_id).order_by(Inspection.planned_on.nulls_last(), Inspection.id)
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


def _needing_team() -> sa.Select:
    team = (
        sa.select(sa.func.count(InspectionInspector.id))
        .where(InspectionInspector.inspection_id == Inspection.id)
        .scalar_subquery()
    )
    return sa.select(sa.func.count(Inspection.id)).where(Inspection.status == "planned", team < MIN_TEAM)


def needing_team() -> int:
    return db.session.scalar(_needing_team()) or 0


def _count(model, *where) -> sa.Select:
    return sa.select(sa.func.count(model.id)).where(*where)


def _revocations_where(user_id: int | sa.BindParameter) -> sa.Select:
    """Proposed revocations another member proposed (a member never confirms
    their own)."""
    return sa.select(Sanction.certificate_id).where(
        Sanction.kind == "revocation",
        Sanction.status == "proposed",
        sa.or_(
            Sanction.proposed_by_user_id.is_(None),
            Sanction.proposed_by_user_id != user_id,
        ),
    )


def revocations_to_confirm(user_id: int) -> list[int]:
    """Proposed revocations another member proposed (a member never confirms
    their own)."""
    return list(db.session.scalars(_revocations_where(user_id)))


@cache
def _boxes() -> dict[str, tuple[sa.Select, sa.Select | None]]:
    """Each box's count (and first id) statement, built once: the user and the
    dates are bound parameters (``inbox_user_id``, ``inbox_today``,
    ``inbox_soon``)."""
    user = sa.bindparam("inbox_user_id", type_=sa.BigInteger)
    today = sa.bindparam("inbox_today", type_=sa.Date)
    soon = sa.bindparam("inbox_soon", type_=sa.Date)
    expiring = (
        sa.select(sa.func.count(Certificate.id))
        .join(Farm, Farm.id == Certificate.farm_id)
        .join(Person, Person.id == Farm.person_id)
        .where(Person.user_id == user, Certificate.status == "active",
               Certificate.valid_until <= soon, Certificate.valid_until >= today)
    )
    mine_ = _to_inspect_where(user).subquery()
    revocations = _revocations_where(user).subquery()
    return {
        "expiring": (expiring, None),
        "to-inspect": (sa.select(sa.func.count()).select_from(mine_), sa.select(sa.func.min(mine_.c.id))),
        "needing-team": (_needing_team(), None),
        "to-screen": (_count(Inspection, Inspection.status == "submitted"), None),
        "to-decide": (_count(Inspection, Inspection.status == "screened"), None),
        "to-confirm": (sa.select(sa.func.count()).select_from(revocations),
                       sa.select(sa.func.min(revocations.c.certificate_id))),
        "appeals": (_count(Appeal, Appeal.status == "open"), None),
    }


def waiting(user, tenant) -> list[modules.Waiting | modules.Counted]:
    """The boxes this person may act on; their numbers are counted by the
    kernel, with every other domain's, in one statement."""
    out: list[modules.Waiting | modules.Counted] = []
    everything = url_for("producers.pgs_waiting", slug=tenant.slug)
    today = clock.today()
    params = {"inbox_user_id": user.id, "inbox_today": today,
              "inbox_soon": today + timedelta(days=mine.EXPIRY_SOON_DAYS)}
    statements = _boxes()

    def to_all(_n: int, _first) -> str:
        return everything

    def straight_to(endpoint: str, arg: str):
        def url(n: int, first) -> str:
            if n != 1 or first is None:
                return everything
            return url_for(endpoint, **{"slug": tenant.slug, arg: first})

        return url

    def box(key: str, label, url) -> modules.Counted:
        count, first = statements[key]
        return modules.Counted(key, count, label, url, first=first, params=params)

    if can(user, "producers.own", tenant.id):
        farm = url_for("producers.pgs_mine", slug=tenant.slug)
        out.append(modules.Waiting(_("My farm: plots, inspections, certificates"), farm, 1, "my-farm"))
        out.append(box("expiring", lambda n: _("My certificates running out: %(n)s", n=n),
                       lambda _n, _first: farm + "#certificates"))
    if can(user, "producers.inspect", tenant.id):
        out.append(box("to-inspect", lambda n: _("Inspections to carry out: %(n)s", n=n),
                       straight_to("producers.pgs_inspection", "inspection_id")))
    if can(user, "producers.plan_inspection", tenant.id):
        out.append(box("needing-team", lambda n: _("Inspections asked for, needing a team: %(n)s", n=n), to_all))
    if can(user, "producers.screen", tenant.id):
        out.append(box("to-screen", lambda n: _("Inspections to screen: %(n)s", n=n), to_all))
    if can(user, "producers.decide", tenant.id):
        out.append(box("to-decide", lambda n: _("Inspections waiting for the committee's decision: %(n)s", n=n),
                       to_all))
        out.append(box("to-confirm", lambda n: _("Revocations to confirm: %(n)s", n=n),
                       straight_to("producers.pgs_certificate", "certificate_id")))
        out.append(box("appeals", lambda n: _("Appeals to decide: %(n)s", n=n), to_all))
    return out


modules.register_inbox("producers", waiting)
