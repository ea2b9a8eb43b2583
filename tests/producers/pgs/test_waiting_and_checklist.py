"""What waits for each person on their first page, buttons only for who may
press them, and the inspector's whole checklist in one form: a gap writes
nothing, re-sending the same answers keeps the team's signatures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from core import clock
from core.db import db
from producers.models.pgs import ChecklistAnswer, Inspection, InspectionInspector

LANDING = "/t/test-pgs/"
BASE = "/t/test-pgs/producers/pgs"


def planned_with_team(pgs):
    from producers.pgs.workflow import inspecting

    farm = pgs.farmer()
    team = [pgs.inspector(), pgs.inspector()]
    inspection = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    for t in team:
        inspecting.add_inspector(inspection, t.person.id, actor_id=pgs.staff.id)
    db.session.commit()
    return inspection, team


def checklist(pgs, result="pass", **extra) -> dict:
    data = {}
    for c in pgs.criteria:
        data[f"result-{c.id}"] = result
        data[f"note-{c.id}"] = "เห็นปุ๋ยเคมี" if result == "fail" else ""
    data.update(extra)
    return data


def test_the_inspector_finds_the_inspection_on_the_first_page(pgs, client):
    inspection, team = planned_with_team(pgs)
    client.login(team[0].user)
    html = client.get(LANDING).get_data(as_text=True)
    assert 'data-test="waiting-to-inspect"' in html and "แปลงที่รอคุณตรวจ: 1" in html
    assert f"/producers/pgs/inspections/{inspection.id}" in html  # one waiting: straight to it


def test_an_inspector_not_on_the_team_has_nothing_waiting(pgs, client):
    planned_with_team(pgs)
    outsider = pgs.inspector()
    client.login(outsider.user)
    assert 'data-test="waiting-to-inspect"' not in client.get(LANDING).get_data(as_text=True)


def test_the_whole_checklist_and_the_verdict_in_one_submit(pgs, client):
    inspection, team = planned_with_team(pgs)
    client.login(team[0].user)
    page = client.get(f"{BASE}/inspections/{inspection.id}").get_data(as_text=True)
    assert page.count('data-test="criterion"') == len(pgs.criteria)
    assert page.count('data-test="checklist-form"') == 1
    r = client.post(f"{BASE}/inspections/{inspection.id}/checklist", data=checklist(pgs, verdict="pass"))
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    answers = db.session.scalars(
        sa.select(ChecklistAnswer).where(ChecklistAnswer.inspection_id == inspection.id)
    ).all()
    assert {a.result for a in answers} == {"pass"} and len(answers) == len(pgs.criteria)
    mine = db.session.scalars(
        sa.select(InspectionInspector).where(InspectionInspector.person_id == team[0].person.id)
    ).one()
    assert mine.verdict == "pass"
    # the page no longer offers a signature already given
    page = client.get(f"{BASE}/inspections/{inspection.id}").get_data(as_text=True)
    assert 'data-test="my-verdict"' in page and 'name="verdict"' not in page
    # the second inspector sends the same answers and signs: submitted together
    client.login(team[1].user)
    r = client.post(f"{BASE}/inspections/{inspection.id}/checklist", data=checklist(pgs, verdict="pass"))
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).status == "submitted"


def test_a_gap_or_an_unexplained_fail_writes_nothing(pgs, client):
    inspection, team = planned_with_team(pgs)
    client.login(team[0].user)
    gap = checklist(pgs)
    del gap[f"result-{pgs.criteria[1].id}"]
    r = client.post(f"{BASE}/inspections/{inspection.id}/checklist", data={**gap, "verdict": "pass"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "กรุณาตอบให้ครบทุกข้อ" in html and "C2" in html
    assert 'value="pass" checked' in html  # what was typed is kept
    r = client.post(f"{BASE}/inspections/{inspection.id}/checklist", data=checklist(pgs, "fail") | {
        f"note-{pgs.criteria[0].id}": ""})
    assert r.status_code == 422 and "C1" in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ChecklistAnswer.id))) == 0
    assert db.session.scalars(sa.select(InspectionInspector.verdict)).all() == [None, None]


def test_someone_off_the_team_cannot_answer(pgs, client):
    inspection, _team = planned_with_team(pgs)
    outsider = pgs.inspector()
    client.login(outsider.user)
    r = client.post(f"{BASE}/inspections/{inspection.id}/checklist", data=checklist(pgs))
    assert r.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(ChecklistAnswer.id))) == 0


def test_staff_see_requests_needing_a_team_and_inspections_to_screen(pgs, client):
    from producers.pgs.workflow import inspecting

    inspecting.plan_inspection(pgs.farmer(), actor_id=pgs.staff.id)
    pgs.submitted(pgs.farmer())
    client.login(pgs.staff)
    html = client.get(LANDING).get_data(as_text=True)
    assert "คำขอตรวจแปลงที่ยังไม่มีทีมผู้ตรวจ: 1" in html and "ผลตรวจที่รอกลั่นกรอง: 1" in html
    waiting = client.get(f"{BASE}/waiting").get_data(as_text=True)
    assert waiting.count('data-test="needing-team"') == 1 and waiting.count('data-test="to-screen"') == 1


def test_the_committee_sees_decisions_and_never_confirms_its_own_revocation(pgs, client):
    from producers.pgs.workflow import sanctioning

    pgs.screened(pgs.farmer())
    done = pgs.certified()
    proposer, other = done.committee[0], done.committee[1]
    sanctioning.propose_revocation(done.certificate, reason="ใช้ยาฆ่าหญ้า", actor_id=proposer.id)
    db.session.commit()
    client.login(proposer)
    html = client.get(LANDING).get_data(as_text=True)
    assert "ผลตรวจที่รอคณะกรรมการตัดสิน: 1" in html and "การเพิกถอนที่รอยืนยัน" not in html
    cert_page = client.get(f"{BASE}/certificates/{done.certificate.id}").get_data(as_text=True)
    assert 'data-test="own-proposal"' in cert_page and "sanction_confirm" not in cert_page
    assert "/confirm" not in cert_page
    client.login(other)
    assert "การเพิกถอนที่รอยืนยัน: 1" in client.get(LANDING).get_data(as_text=True)
    assert "/confirm" in client.get(f"{BASE}/certificates/{done.certificate.id}").get_data(as_text=True)


def test_cycles_are_asked_and_shown_in_the_buddhist_era(pgs, client):
    farm = pgs.farmer()
    client.login(pgs.staff)
    form = client.get(f"{BASE}/farms/{farm.id}").get_data(as_text=True)
    assert f'value="{clock.today().year + 543}"' in form and "ปี พ.ศ." in form
    r = client.post(f"{BASE}/farms/{farm.id}/inspections", data={"cycle": "2570"})
    assert r.status_code == 302
    inspection = db.session.scalars(sa.select(Inspection)).one()
    assert inspection.cycle == 2027
    assert "รอบปี 2570" in client.get(f"{BASE}/inspections/{inspection.id}").get_data(as_text=True)
    r = client.post(f"{BASE}/farms/{farm.id}/inspections", data={"cycle": "25"})
    assert r.status_code == 422 and "2569" in r.get_data(as_text=True)


def test_asked_at_five_on_new_years_morning_the_cycle_is_the_new_year(pgs, make_member, client):
    """At 05:00 on 1 January in Bangkok the server's UTC date is still
    31 December: the cycle asked for is the Thai new year's."""
    from core.registry.models import Person

    farm = pgs.farmer()
    user = make_member(pgs.tenant, "producer")
    from core.tenancy.context import set_tenant

    set_tenant(pgs.tenant.id)
    db.session.get(Person, farm.person_id).user_id = user.id
    db.session.commit()
    client.login(user)
    new_year = date(clock.today().year + 1, 1, 1)
    with clock.fixed_at(datetime.combine(date(new_year.year - 1, 12, 31), time(22, 0), UTC)):
        assert client.post(f"{BASE}/mine/farms/{farm.id}/inspection").status_code == 302
    assert db.session.scalars(sa.select(Inspection.cycle)).one() == new_year.year


def test_only_a_member_present_is_offered_the_decision(pgs, client):
    pgs.screened(pgs.farmer())
    meeting, present = pgs.meeting(members=2, quorum=2)
    absent = pgs.committee(1)[0]
    url = f"{BASE}/meetings/{meeting.id}"
    client.login(absent)
    html = client.get(url).get_data(as_text=True)
    assert 'data-test="not-present"' in html and 'name="outcome"' not in html
    client.login(present[0])
    html = client.get(url).get_data(as_text=True)
    assert 'data-test="not-present"' not in html and 'name="outcome"' in html
