"""Conflict-of-interest rules for peer inspectors (pure reads, no writes).

An inspector may not inspect their own farm, a farm of their own household,
or a farmer who inspected them in the same cycle (no "you inspect me, I
inspect you"). Each refusal says which rule applies.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.errors import N_, Conflict
from core.registry.models import Person
from core.tenancy.models import Membership
from producers.models.pgs import Farm, Inspection, InspectionInspector


class ConflictOfInterest(Conflict):
    code = "conflict_of_interest"
    message = N_("This inspector has a conflict of interest with this farm")


def is_inspector(person: Person, tenant_id: int) -> bool:
    if person.user_id is None:
        return False
    membership = db.session.scalars(
        sa.select(Membership).where(
            Membership.tenant_id == tenant_id,
            Membership.user_id == person.user_id,
            Membership.active,
        )
    ).first()
    return bool(membership and "inspector" in membership.roles)


def check(farm: Farm, person: Person, cycle: int) -> None:
    """Raise :class:`ConflictOfInterest` if ``person`` may not inspect ``farm`` in ``cycle``."""
    if person.id == farm.person_id:
        raise ConflictOfInterest(N_("An inspector cannot inspect their own farm or plots"))
    farmer_household = db.session.scalar(
        sa.select(Person.household_id).where(Person.id == farm.person_id)
    )
    households = {h for h in (farm.household_id, farmer_household) if h is not None}
    if person.household_id is not None and person.household_id in households:
        raise ConflictOfInterest(N_("An inspector cannot inspect a farm of their own household"))
    own_farms = sa.select(Farm.id).where(Farm.person_id == person.id)
    reciprocal = db.session.scalar(
        sa.select(InspectionInspector.id)
        .join(Inspection, Inspection.id == InspectionInspector.inspection_id)
        .where(
            InspectionInspector.person_id == farm.person_id,
            Inspection.farm_id.in_(own_farms),
            Inspection.cycle == cycle,
            Inspection.status != "cancelled",
        )
        .limit(1)
    )
    if reciprocal:
        raise ConflictOfInterest(N_("This farmer inspected the inspector's farm in the same cycle"))
