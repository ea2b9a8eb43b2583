"""Conflict rules from the charter: an inspector from the farmer's own
producer group is refused (as are self, household and reciprocal inspection)
unless the charter in force allows it; the refusal is shown on the inspection
page; the picker does not offer conflicted people; a team that became
conflicted cannot certify."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import ValidationError
from core.registry.models import Person
from core.tenancy.context import set_tenant
from producers.models.pgs import Certificate, InspectionInspector
from producers.pgs import queries, services
from producers.pgs.conflicts import ConflictOfInterest
from producers.pgs.workflow import deciding, inspecting


def _group(pgs, name="กลุ่มบ้านนา"):
    set_tenant(pgs.tenant.id)
    group = services.create_group(name=name, actor_id=pgs.admin.id)
    db.session.commit()
    return group


def _in_group(pgs, farm, group):
    set_tenant(pgs.tenant.id)
    farm.group_id = group.id
    db.session.commit()


def _inspector_farming_in(pgs, group):
    """An inspector who also farms in ``group`` (a peer of that group)."""
    insp = pgs.inspector()
    services.create_farm(person_id=insp.person.id, name="ไร่ผู้ตรวจ", group_id=group.id,
                         actor_id=pgs.admin.id)
    db.session.commit()
    return insp


def _charter_allowing(pgs, *rules):
    """A new version of the charter that allows ``rules``, put in force."""
    set_tenant(pgs.tenant.id)
    draft = services.new_version(pgs.standard, actor_id=pgs.admin.id)
    services.set_conflicts_allowed(draft, list(rules), actor_id=pgs.admin.id)
    services.activate_standard(draft, actor_id=pgs.admin.id)
    db.session.commit()
    return draft


def test_an_inspector_from_the_farmers_own_group_is_refused(pgs):
    group = _group(pgs)
    farm = pgs.farmer()
    _in_group(pgs, farm, group)
    peer = _inspector_farming_in(pgs, group)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    db.session.commit()
    with pytest.raises(ConflictOfInterest, match="producer group") as refused:
        inspecting.add_inspector(insp, peer.person.id, actor_id=pgs.staff.id)
    assert refused.value.rule == "same_group"
    db.session.rollback()
    set_tenant(pgs.tenant.id)
    assert db.session.scalars(sa.select(InspectionInspector)).all() == []
    # an inspector of another group is fine
    inspecting.add_inspector(insp, _inspector_farming_in(pgs, _group(pgs, "อื่น")).person.id,
                           actor_id=pgs.staff.id)


def test_the_same_group_example_never_produces_an_organic_certificate(pgs):
    """The reported case: a peer of the farmer's own group on the team, and
    the inspection went on to an organic certificate. The peer is refused at
    planning; and a peer whose farm joined the group after being put on the
    team stops the certificate at the committee."""
    group = _group(pgs)
    farm = pgs.farmer()
    _in_group(pgs, farm, group)
    peer = _inspector_farming_in(pgs, group)
    probe = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    db.session.commit()
    with pytest.raises(ConflictOfInterest):
        inspecting.add_inspector(probe, peer.person.id, actor_id=pgs.staff.id)
    db.session.rollback()
    set_tenant(pgs.tenant.id)
    inspecting.cancel_inspection(probe, reason="test", actor_id=pgs.staff.id)
    db.session.commit()

    late_peer, other = pgs.inspector(), pgs.inspector()
    insp = pgs.screened(farm, team=[late_peer, other])
    set_tenant(pgs.tenant.id)
    services.create_farm(person_id=late_peer.person.id, name="ไร่ใหม่", group_id=group.id,
                         actor_id=pgs.admin.id)
    db.session.commit()
    meeting, users = pgs.meeting()
    with pytest.raises(ConflictOfInterest, match="remove them from the team"):
        deciding.decide(meeting, insp, outcome="organic", actor_id=users[0].id)
    db.session.rollback()
    set_tenant(pgs.tenant.id)
    assert db.session.scalars(sa.select(Certificate)).all() == []
    # deferring is still possible
    deciding.decide(meeting, insp, outcome="deferred", reason="conflict found", actor_id=users[0].id)


def test_a_conflicted_team_member_cannot_sign_the_verdict(pgs):
    group = _group(pgs)
    farm = pgs.farmer()
    _in_group(pgs, farm, group)
    a, b = pgs.inspector(), pgs.inspector()
    set_tenant(pgs.tenant.id)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    for t in (a, b):
        inspecting.add_inspector(insp, t.person.id, actor_id=pgs.staff.id)
    for c in pgs.criteria:
        inspecting.answer(insp, criterion_id=c.id, result="pass", actor_id=a.user.id)
    services.create_farm(person_id=b.person.id, name="ไร่ บี", group_id=group.id, actor_id=pgs.admin.id)
    db.session.commit()
    with pytest.raises(ConflictOfInterest):
        inspecting.sign_verdict(insp, verdict="pass", actor_id=a.user.id)


def test_a_charter_that_allows_same_group_inspection(pgs, make_household):
    group = _group(pgs)
    farm = pgs.farmer()
    household = make_household(pgs.tenant, members=1)
    farm2 = pgs.farmer(household)
    charter = _charter_allowing(pgs, "same_group")
    _in_group(pgs, farm, group)
    peer = _inspector_farming_in(pgs, group)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    assert insp.standard_id == charter.id  # the version in force
    inspecting.add_inspector(insp, peer.person.id, actor_id=pgs.staff.id)
    db.session.commit()
    # the other rules still hold under that charter
    relative = pgs.inspector(household)
    insp2 = inspecting.plan_inspection(farm2, actor_id=pgs.staff.id)
    with pytest.raises(ConflictOfInterest, match="household"):
        inspecting.add_inspector(insp2, relative.person.id, actor_id=pgs.staff.id)


def test_reciprocal_and_household_can_be_allowed_but_never_self(pgs, make_household, make_member):
    household = make_household(pgs.tenant, members=1)
    farm = pgs.farmer(household)
    _charter_allowing(pgs, "household", "reciprocal", "same_group")
    relative = pgs.inspector(household)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, relative.person.id, actor_id=pgs.staff.id)
    owner = db.session.get(Person, farm.person_id)
    owner.user_id = make_member(pgs.tenant, "inspector").id
    db.session.commit()
    set_tenant(pgs.tenant.id)
    with pytest.raises(ConflictOfInterest, match="own farm"):
        inspecting.add_inspector(insp, owner.id, actor_id=pgs.staff.id)


def test_only_a_draft_charter_changes_its_rules(pgs):
    set_tenant(pgs.tenant.id)
    with pytest.raises(services.InvalidTransition):
        services.set_conflicts_allowed(pgs.standard, ["same_group"], actor_id=pgs.admin.id)
    draft = services.new_version(pgs.standard, actor_id=pgs.admin.id)
    with pytest.raises(ValidationError):
        services.set_conflicts_allowed(draft, ["self"], actor_id=pgs.admin.id)
    services.set_conflicts_allowed(draft, ["reciprocal"], actor_id=pgs.admin.id)
    assert services.new_version(draft, actor_id=pgs.admin.id).conflicts_allowed == ["reciprocal"]


def test_the_picker_hides_conflicted_people(pgs, make_household):
    group = _group(pgs)
    household = make_household(pgs.tenant, members=1)
    farm = pgs.farmer(household)
    _in_group(pgs, farm, group)
    peer = _inspector_farming_in(pgs, group)
    relative = pgs.inspector(household)
    clean, member = pgs.inspector(), pgs.inspector()
    set_tenant(pgs.tenant.id)
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, member.person.id, actor_id=pgs.staff.id)
    db.session.commit()
    offered = {p.id for p in queries.inspector_candidates(insp)}
    assert clean.person.id in offered
    assert not offered & {peer.person.id, relative.person.id, member.person.id}


def test_the_inspection_page_explains_a_refusal_and_hides_the_conflicted(pgs, client):
    group = _group(pgs)
    farm = pgs.farmer()
    _in_group(pgs, farm, group)
    peer = _inspector_farming_in(pgs, group)
    clean = pgs.inspector()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    db.session.commit()
    client.login(pgs.staff)
    url = f"/t/test-pgs/producers/pgs/inspections/{insp.id}"
    page = client.get(url).get_data(as_text=True)
    assert f'<option value="{clean.person.id}"' in page
    assert f'<option value="{peer.person.id}"' not in page
    r = client.post(f"{url}/team", data={"person_id": peer.person.id})  # a stale form
    body = r.get_data(as_text=True)
    assert r.status_code == 409
    assert 'data-test="team-error"' in body and "กลุ่มผู้ผลิต" in body
    assert "ธรรมนูญ" in body  # says the charter does not allow it
    assert f'<option value="{clean.person.id}"' in body  # still the inspection page
    set_tenant(pgs.tenant.id)
    assert db.session.scalars(sa.select(InspectionInspector)).all() == []


def test_the_charter_page_sets_the_rules(pgs, client):
    set_tenant(pgs.tenant.id)
    draft = services.new_version(pgs.standard, actor_id=pgs.admin.id)
    db.session.commit()
    client.login(pgs.admin)
    url = f"/t/test-pgs/producers/pgs/standards/{draft.id}"
    r = client.post(f"{url}/conflicts", data={"allowed": ["same_group"]})
    assert r.status_code == 302
    set_tenant(pgs.tenant.id)
    db.session.expire_all()
    assert db.session.get(type(draft), draft.id).conflicts_allowed == ["same_group"]
    r = client.post(f"{url}/conflicts", data={"allowed": ["self"]})
    assert r.status_code == 422
    r = client.post(f"/t/test-pgs/producers/pgs/standards/{pgs.standard.id}/conflicts",
                    data={"allowed": ["same_group"]})
    assert r.status_code == 409
