"""Conflict-of-interest rules for peer inspectors (pure reads, no writes).

An inspector may not inspect:

- ``self``: their own farm or plots (never allowed);
- ``same_group``: a farm of their own producer group — the farmer's group and
  a group the inspector farms in;
- ``household``: a farm of their own household;
- ``reciprocal``: a farmer who inspects (or inspected) one of their farms in
  the same cycle ("you inspect me, I inspect you").

The last three are refused unless the charter the inspection is made against
(:class:`~producers.models.pgs.Standard`, the network's rules) lists them in
``conflicts_allowed``, as a small network whose groups are too few to
inspect each other may decide. Each refusal says which rule applies.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.errors import N_, Conflict, NotFound
from core.registry.models import Person
from core.tenancy.models import Membership
from producers.models.pgs import Farm, Inspection, InspectionInspector, Standard

RULES = ("same_group", "household", "reciprocal")  # a charter may allow these
RULE_LABELS = {
    "same_group": N_("An inspector from the farmer's own producer group"),
    "household": N_("An inspector from the farmer's own household"),
    "reciprocal": N_("Two farmers inspecting each other in the same cycle"),
}
MESSAGES = {
    "self": N_("An inspector cannot inspect their own farm or plots"),
    "same_group": N_(
        "An inspector cannot inspect a farm of their own producer group: the network's charter does not allow it"
    ),
    "household": N_("An inspector cannot inspect a farm of their own household"),
    "reciprocal": N_("This farmer inspected the inspector's farm in the same cycle"),
}


class ConflictOfInterest(Conflict):
    code = "conflict_of_interest"
    message = N_("This inspector has a conflict of interest with this farm")

    def __init__(self, rule: str, message: str | None = None, **params):
        super().__init__(message or MESSAGES[rule], field="person_id", **params)
        self.rule = rule


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


def allowed_by(standard_id: int | None) -> frozenset[str]:
    """The rules the charter version ``standard_id`` relaxes (none by default)."""
    if standard_id is None:
        return frozenset()
    listed = db.session.scalar(sa.select(Standard.conflicts_allowed).where(Standard.id == standard_id))
    return frozenset(listed or ()) & frozenset(RULES)


def _groups_of(person_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(Farm.group_id).where(Farm.person_id == person_id, Farm.group_id.is_not(None))
        )
    )


def _reciprocal(farm: Farm, person: Person, cycle: int) -> bool:
    own_farms = sa.select(Farm.id).where(Farm.person_id == person.id)
    return bool(
        db.session.scalar(
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
    )


def rule_broken(farm: Farm, person: Person, cycle: int, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first rule ``person`` inspecting ``farm`` in ``cycle`` breaks, or None."""
    if person.id == farm.person_id:
        return "self"
    if "same_group" not in allowed:
        farmer_groups = {farm.group_id} if farm.group_id is not None else set()
        farmer_groups |= _groups_of(farm.person_id)
        if farmer_groups & _groups_of(person.id):
            return "same_group"
    if "household" not in allowed:
        farmer_household = db.session.scalar(
            sa.select(Person.household_id).where(Person.id == farm.person_id)
        )
        households = {h for h in (farm.household_id, farmer_household) if h is not None}
        if person.household_id is not None and person.household_id in households:
            return "household"
    if "reciprocal" not in allowed and _reciprocal(farm, person, cycle):
        return "reciprocal"
    return None


def check(farm: Farm, person: Person, cycle: int, allowed: frozenset[str] = frozenset()) -> None:
    """Raise :class:`ConflictOfInterest` if ``person`` may not inspect ``farm`` in ``cycle``."""
    rule = rule_broken(farm, person, cycle, allowed)
    if rule is not None:
        raise ConflictOfInterest(rule)


def _farm_of(inspection: Inspection) -> Farm:
    farm = db.session.get(Farm, inspection.farm_id)
    if farm is None:
        raise NotFound()
    return farm


def check_inspection(inspection: Inspection, person: Person) -> None:
    farm = _farm_of(inspection)
    check(farm, person, inspection.cycle, allowed_by(inspection.standard_id))


def conflicted_team(inspection: Inspection) -> dict[int, str]:
    """Team members of ``inspection`` who break a rule now (person id -> rule):
    a team that was fine when planned may not be by the time it certifies."""
    farm = _farm_of(inspection)
    allowed = allowed_by(inspection.standard_id)
    people = db.session.scalars(
        sa.select(Person)
        .join(InspectionInspector, InspectionInspector.person_id == Person.id)
        .where(InspectionInspector.inspection_id == inspection.id)
        .order_by(Person.id)
    )
    found: dict[int, str] = {}
    for person in people:
        rule = rule_broken(farm, person, inspection.cycle, allowed)
        if rule is not None:
            found[person.id] = rule
    return found


def check_team(inspection: Inspection) -> None:
    """Refuse to go on with an inspection whose team has a conflicted member."""
    found = conflicted_team(inspection)
    if found:
        person_id, rule = next(iter(found.items()))
        person = db.session.get(Person, person_id)
        raise ConflictOfInterest(
            rule,
            N_("%(name)s on the team has a conflict of interest with this farm: remove them from the team first"),
            name=person.name_th if person else person_id,
        )
