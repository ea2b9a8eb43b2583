"""Conflict-of-interest rules: each one tried and refused with its own reason."""

from __future__ import annotations

import pytest

from core.db import db
from core.errors import ValidationError
from producers.pgs.conflicts import ConflictOfInterest
from producers.pgs.workflow import inspecting


def test_farmer_cannot_inspect_own_farm(pgs, make_member):
    farm = pgs.farmer()
    user = make_member(pgs.tenant, "inspector")
    from core.registry.models import Person

    person = db.session.get(Person, farm.person_id)
    person.user_id = user.id
    db.session.commit()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    with pytest.raises(ConflictOfInterest, match="own farm"):
        inspecting.add_inspector(insp, person.id, actor_id=pgs.staff.id)


def test_household_member_cannot_inspect(pgs, make_household):
    household = make_household(pgs.tenant, members=1)
    farm = pgs.farmer(household)
    relative = pgs.inspector(household)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    with pytest.raises(ConflictOfInterest, match="household"):
        inspecting.add_inspector(insp, relative.person.id, actor_id=pgs.staff.id)


def test_no_reciprocal_inspection_in_the_same_cycle(pgs, make_member):
    from core.registry.models import Person

    # A inspects B's farm; then B may not inspect A's farm in the same cycle
    farm_b = pgs.farmer()
    farm_a = pgs.farmer()
    a = db.session.get(Person, farm_a.person_id)
    b = db.session.get(Person, farm_b.person_id)
    a.user_id = make_member(pgs.tenant, "inspector").id
    b.user_id = make_member(pgs.tenant, "inspector").id
    db.session.commit()
    insp_b = inspecting.plan_inspection(farm_b, cycle=2026, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp_b, a.id, actor_id=pgs.staff.id)
    insp_a = inspecting.plan_inspection(farm_a, cycle=2026, actor_id=pgs.staff.id)
    with pytest.raises(ConflictOfInterest, match="same cycle"):
        inspecting.add_inspector(insp_a, b.id, actor_id=pgs.staff.id)
    # another cycle is allowed
    inspecting.cancel_inspection(insp_a, reason="wrong cycle", actor_id=pgs.staff.id)
    insp_a2 = inspecting.plan_inspection(farm_a, cycle=2027, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp_a2, b.id, actor_id=pgs.staff.id)


def test_a_non_inspector_cannot_join_a_team(pgs, make_person):
    farm = pgs.farmer()
    outsider = make_person(pgs.tenant)
    from core.tenancy.context import set_tenant

    set_tenant(pgs.tenant.id)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    with pytest.raises(ValidationError, match="not an inspector"):
        inspecting.add_inspector(insp, outsider.id, actor_id=pgs.staff.id)


def test_conflict_refused_over_http_with_a_clear_message(pgs, client, make_household):
    household = make_household(pgs.tenant, members=1)
    farm = pgs.farmer(household)
    relative = pgs.inspector(household)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    db.session.commit()
    client.login(pgs.staff)
    r = client.post(
        f"/t/test-pgs/producers/pgs/inspections/{insp.id}/team",
        data={"person_id": relative.person.id},
        headers={"Accept-Language": "en"},
    )
    assert r.status_code == 409
    assert "ผู้ตรวจไม่สามารถตรวจฟาร์มของครัวเรือนตนเองได้" in r.get_data(as_text=True)
    from producers.models.pgs import InspectionInspector

    assert db.session.scalars(db.select(InspectionInspector)).all() == []
