"""Every invalid step of the PGS workflow is refused with its reason, and
nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core import clock
from core.audit.models import AuditEvent
from core.db import db
from core.errors import Forbidden, ValidationError
from producers.models.pgs import Certificate, Decision, Inspection, NonCompliance
from producers.pgs import services
from producers.pgs.services import InvalidTransition
from producers.pgs.workflow import (
    deciding,
    expiring,
    inspecting,
    pledging,
    sanctioning,
    screening,
)


def test_happy_path_is_audited(pgs):
    c = pgs.certified()
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    for action in (
        "producers.pledge.sign",
        "producers.inspection.plan",
        "producers.inspection.add_inspector",
        "producers.inspection.answer",
        "producers.inspection.submit",
        "producers.inspection.screen",
        "producers.decision.record",
        "producers.certificate.issue",
    ):
        assert action in actions
    assert c.certificate.level == "organic" and c.certificate.status == "active"
    assert c.certificate.valid_until == clock.today() + timedelta(days=364)
    assert c.certificate.number.startswith(f"PGS-{clock.today().year}-")


# --- charter and pledge ----------------------------------------------------------


def test_active_standard_is_frozen(pgs):
    with pytest.raises(InvalidTransition, match="draft"):
        services.add_criterion(pgs.standard, code="C9", text_th="x", actor_id=pgs.admin.id)
    with pytest.raises(InvalidTransition, match="draft"):
        services.activate_standard(pgs.standard, actor_id=pgs.admin.id)
    draft = services.new_version(pgs.standard, actor_id=pgs.admin.id)
    assert draft.version == 2 and len(services.criteria_of(draft.id)) == 3
    empty = services.create_standard(code="EMPTY", title_th="ว่าง", actor_id=pgs.admin.id)
    with pytest.raises(InvalidTransition, match="at least one criterion"):
        services.activate_standard(empty, actor_id=pgs.admin.id)
    services.activate_standard(draft, actor_id=pgs.admin.id)
    assert pgs.standard.status == "retired"


def test_pledge_refusals(pgs):
    farm = pgs.farmer(pledge=False)
    draft = services.create_standard(code="GS", title_th="ร่าง", actor_id=pgs.admin.id)
    with pytest.raises(InvalidTransition, match="in force"):
        pledging.sign_pledge(
            farm, standard_id=draft.id, signed_on=clock.today(), actor_id=pgs.admin.id
        )
    with pytest.raises(ValidationError, match="future"):
        pledging.sign_pledge(
            farm,
            standard_id=pgs.standard.id,
            signed_on=clock.today() + timedelta(days=1),
            actor_id=pgs.admin.id,
        )
    with pytest.raises(ValidationError, match="after the pledge"):
        pledging.sign_pledge(
            farm,
            standard_id=pgs.standard.id,
            signed_on=clock.today() - timedelta(days=1),
            last_prohibited_input_on=clock.today(),
            actor_id=pgs.admin.id,
        )
    with pytest.raises(InvalidTransition, match="pledge"):
        inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    pledging.sign_pledge(
        farm,
        standard_id=pgs.standard.id,
        signed_on=clock.today(),
        last_prohibited_input_on=date(2025, 3, 1),
        actor_id=pgs.admin.id,
    )
    assert farm.conversion_start == date(2025, 3, 2)
    with pytest.raises(InvalidTransition, match="already signed"):
        pledging.sign_pledge(
            farm, standard_id=pgs.standard.id, signed_on=clock.today(), actor_id=pgs.admin.id
        )


# --- inspection ------------------------------------------------------------------


def test_one_open_inspection_per_cycle(pgs):
    farm = pgs.farmer()
    inspecting.plan_inspection(farm, cycle=2026, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="open inspection"):
        inspecting.plan_inspection(farm, cycle=2026, actor_id=pgs.staff.id)


def test_team_of_at_least_two_and_complete_checklist(pgs):
    farm = pgs.farmer()
    a, b = pgs.inspector(), pgs.inspector()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, a.person.id, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="already on the team"):
        inspecting.add_inspector(insp, a.person.id, actor_id=pgs.staff.id)
    for c in pgs.criteria:
        inspecting.answer(insp, criterion_id=c.id, result="pass", actor_id=a.user.id)
    with pytest.raises(InvalidTransition, match="at least two"):
        inspecting.sign_verdict(insp, verdict="pass", actor_id=a.user.id)
    inspecting.add_inspector(insp, b.person.id, actor_id=pgs.staff.id)
    inspecting.answer(insp, criterion_id=pgs.criteria[0].id, result="na", actor_id=b.user.id)
    outsider = pgs.inspector()
    with pytest.raises(Forbidden):
        inspecting.answer(
            insp, criterion_id=pgs.criteria[0].id, result="pass", actor_id=outsider.user.id
        )
    with pytest.raises(Forbidden):
        inspecting.sign_verdict(insp, verdict="pass", actor_id=outsider.user.id)
    with pytest.raises(ValidationError, match="pass, fail or not applicable"):
        inspecting.answer(insp, criterion_id=pgs.criteria[0].id, result="maybe", actor_id=a.user.id)
    with pytest.raises(ValidationError, match="what was seen"):
        inspecting.answer(insp, criterion_id=pgs.criteria[0].id, result="fail", actor_id=a.user.id)
    inspecting.sign_verdict(insp, verdict="pass", actor_id=a.user.id)
    assert insp.status == "planned"  # one signature is not a joint verdict
    inspecting.sign_verdict(insp, verdict="fail", actor_id=b.user.id)
    assert insp.status == "planned" and inspecting.team_disagrees(insp)
    inspecting.sign_verdict(insp, verdict="pass", actor_id=b.user.id)
    assert insp.status == "submitted" and insp.verdict == "pass"
    with pytest.raises(InvalidTransition, match="already submitted"):
        inspecting.add_inspector(insp, outsider.person.id, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="already submitted"):
        inspecting.answer(insp, criterion_id=pgs.criteria[0].id, result="pass", actor_id=a.user.id)
    with pytest.raises(InvalidTransition, match="already submitted"):
        inspecting.sign_verdict(insp, verdict="pass", actor_id=a.user.id)


def test_missing_answers_block_the_verdict(pgs):
    farm = pgs.farmer()
    a, b = pgs.inspector(), pgs.inspector()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, a.person.id, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, b.person.id, actor_id=pgs.staff.id)
    inspecting.answer(insp, criterion_id=pgs.criteria[0].id, result="pass", actor_id=a.user.id)
    with pytest.raises(InvalidTransition, match="every criterion"):
        inspecting.sign_verdict(insp, verdict="pass", actor_id=a.user.id)


def test_non_image_photo_is_refused_and_nothing_written(pgs):
    farm = pgs.farmer()
    a = pgs.inspector()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    inspecting.add_inspector(insp, a.person.id, actor_id=pgs.staff.id)
    db.session.commit()
    with pytest.raises(ValidationError):
        inspecting.answer(
            insp,
            criterion_id=pgs.criteria[0].id,
            result="pass",
            photo=(b"%PDF-1.4 not a photo", "x.pdf"),
            actor_id=a.user.id,
        )
    db.session.rollback()
    assert inspecting.answers_of(insp.id) == {}


# --- screening -------------------------------------------------------------------


def test_screening_grades_but_cannot_decide(pgs):
    farm = pgs.farmer()
    insp = inspecting.plan_inspection(farm, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="not submitted"):
        screening.grade(
            insp,
            grade="minor",
            description="d",
            corrective_action="a",
            due_on=clock.today() + timedelta(days=30),
            actor_id=pgs.staff.id,
        )
    with pytest.raises(InvalidTransition, match="not submitted"):
        screening.complete_screening(insp, actor_id=pgs.staff.id)
    inspecting.cancel_inspection(insp, reason="rain", actor_id=pgs.staff.id)
    insp = pgs.submitted(farm, verdict="pass", answer="fail")
    with pytest.raises(InvalidTransition, match="failed criterion"):
        screening.complete_screening(insp, actor_id=pgs.staff.id)
    with pytest.raises(ValidationError, match="severity"):
        screening.grade(
            insp,
            criterion_id=pgs.criteria[0].id,
            grade="huge",
            description="d",
            corrective_action="a",
            due_on=clock.today(),
            actor_id=pgs.staff.id,
        )
    with pytest.raises(ValidationError, match="before the inspection"):
        screening.grade(
            insp,
            criterion_id=pgs.criteria[0].id,
            grade="minor",
            description="d",
            corrective_action="a",
            due_on=clock.today() - timedelta(days=1),
            actor_id=pgs.staff.id,
        )
    for c, g in zip(pgs.criteria, ("minor", "major", "minor"), strict=True):
        screening.grade(
            insp,
            criterion_id=c.id,
            grade=g,
            description="พบถุงปุ๋ยเคมี",
            corrective_action="เก็บออก",
            due_on=clock.today() + timedelta(days=30),
            actor_id=pgs.staff.id,
        )
    screening.complete_screening(insp, actor_id=pgs.staff.id)
    assert insp.status == "screened"
    assert db.session.scalars(sa.select(Decision)).all() == []  # screening decided nothing
    with pytest.raises(InvalidTransition, match="already been screened"):
        screening.complete_screening(insp, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="already been screened"):
        screening.grade(
            insp,
            grade="minor",
            description="d",
            corrective_action="a",
            due_on=clock.today() + timedelta(days=3),
            actor_id=pgs.staff.id,
        )
    nc = db.session.scalars(sa.select(NonCompliance)).first()
    screening.close_noncompliance(nc, note="แก้ไขแล้ว", actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="already closed"):
        screening.close_noncompliance(nc, note="again", actor_id=pgs.staff.id)


def test_screener_cannot_decide_over_http(pgs, client):
    farm = pgs.farmer()
    insp = pgs.screened(farm)
    m, _ = pgs.meeting()
    db.session.commit()
    client.login(pgs.staff)
    r = client.post(
        f"/t/test-pgs/producers/pgs/meetings/{m.id}/decide",
        data={"inspection_id": insp.id, "outcome": "organic"},
    )
    assert r.status_code == 403
    assert db.session.scalars(sa.select(Decision)).all() == []


# --- committee -------------------------------------------------------------------


def test_decision_needs_quorum_presence_and_screening(pgs):
    farm = pgs.farmer()
    insp = pgs.submitted(farm)
    m, users = pgs.meeting(members=2, quorum=3)
    absent = pgs.committee(1)[0]
    with pytest.raises(Forbidden, match="present at the meeting"):
        deciding.decide(m, insp, outcome="organic", actor_id=absent.id)
    with pytest.raises(InvalidTransition, match="no quorum"):
        deciding.decide(m, insp, outcome="organic", actor_id=users[0].id)
    deciding.add_attendee(m, absent.id, actor_id=users[0].id)
    with pytest.raises(InvalidTransition, match="already recorded"):
        deciding.add_attendee(m, absent.id, actor_id=users[0].id)
    with pytest.raises(ValidationError, match="quorum"):
        deciding.add_attendee(m, pgs.staff.id, actor_id=users[0].id)
    with pytest.raises(InvalidTransition, match="not submitted|already submitted"):
        deciding.decide(m, insp, outcome="organic", actor_id=users[0].id)
    screening.complete_screening(insp, actor_id=pgs.staff.id)
    with pytest.raises(ValidationError, match="reason"):
        deciding.decide(m, insp, outcome="deferred", actor_id=users[0].id)
    with pytest.raises(ValidationError, match="organic, in conversion or deferred"):
        deciding.decide(m, insp, outcome="gold", actor_id=users[0].id)
    deciding.decide(m, insp, outcome="deferred", reason="รอผลดิน", actor_id=users[0].id)
    assert insp.status == "decided" and db.session.scalars(sa.select(Certificate)).all() == []
    with pytest.raises(InvalidTransition, match="already decided"):
        deciding.decide(m, insp, outcome="organic", actor_id=users[0].id)
    with pytest.raises(InvalidTransition, match="already decided"):
        inspecting.cancel_inspection(insp, reason="x", actor_id=pgs.staff.id)
    deciding.close_meeting(m, minutes="บันทึก", actor_id=users[0].id)
    with pytest.raises(InvalidTransition, match="closed"):
        deciding.add_attendee(m, absent.id, actor_id=users[0].id)
    insp2 = pgs.screened(pgs.farmer())
    with pytest.raises(InvalidTransition, match="closed"):
        deciding.decide(m, insp2, outcome="organic", actor_id=users[0].id)


def test_certification_refusals(pgs):
    m, users = pgs.meeting()
    failed = pgs.screened(pgs.farmer(), verdict="fail")
    with pytest.raises(InvalidTransition, match="did not pass"):
        deciding.decide(m, failed, outcome="in_conversion", actor_id=users[0].id)
    young = pgs.screened(pgs.farmer(conversion_days=30))
    with pytest.raises(InvalidTransition, match="conversion period"):
        deciding.decide(m, young, outcome="organic", actor_id=users[0].id)
    deciding.decide(m, young, outcome="in_conversion", actor_id=users[0].id)
    cert = db.session.scalars(sa.select(Certificate)).one()
    assert cert.level == "in_conversion"
    farm = pgs.farmer()
    insp = pgs.submitted(farm, answer="fail")
    screening.grade(
        insp,
        criterion_id=pgs.criteria[0].id,
        grade="critical",
        description="สารเคมี",
        corrective_action="หยุดใช้",
        due_on=clock.today() + timedelta(days=10),
        actor_id=pgs.staff.id,
    )
    for c in pgs.criteria[1:]:
        screening.grade(
            insp,
            criterion_id=c.id,
            grade="minor",
            description="d",
            corrective_action="a",
            due_on=clock.today() + timedelta(days=10),
            actor_id=pgs.staff.id,
        )
    screening.complete_screening(insp, actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="critical"):
        deciding.decide(m, insp, outcome="in_conversion", actor_id=users[0].id)
    other_farm = pgs.farmer()
    from producers.models.pgs import Plot

    foreign_plot = db.session.scalars(sa.select(Plot).where(Plot.farm_id == other_farm.id)).first()
    with pytest.raises(ValidationError, match="plots of this farm"):
        deciding.decide(
            m,
            pgs.screened(pgs.farmer()),
            outcome="organic",
            scope={foreign_plot.id: []},
            actor_id=users[0].id,
        )


def test_new_certificate_supersedes_the_old(pgs):
    c = pgs.certified()
    again = pgs.certified(c.farm)
    db.session.refresh(c.certificate)
    assert c.certificate.status == "expired" and again.certificate.status == "active"
    assert again.certificate.number != c.certificate.number


# --- sanctions and appeals -------------------------------------------------------


def test_suspension_rules(pgs):
    c = pgs.certified()
    first, second, third = c.committee
    with pytest.raises(Forbidden):
        sanctioning.suspend(
            c.certificate, until=clock.today() + timedelta(days=5), reason="r", actor_id=pgs.staff.id
        )
    with pytest.raises(ValidationError, match="after today"):
        sanctioning.suspend(c.certificate, until=clock.today(), reason="r", actor_id=first.id)
    with pytest.raises(ValidationError, match="validity"):
        sanctioning.suspend(
            c.certificate, until=clock.today() + timedelta(days=900), reason="r", actor_id=first.id
        )
    s = sanctioning.suspend(
        c.certificate, until=clock.today() + timedelta(days=5), reason="r", actor_id=first.id
    )
    with pytest.raises(InvalidTransition, match="Only an active"):
        sanctioning.suspend(
            c.certificate, until=clock.today() + timedelta(days=5), reason="r", actor_id=first.id
        )
    sanctioning.warn(c.certificate, reason="เตือน", actor_id=first.id)
    with pytest.raises(InvalidTransition, match="in force can be appealed"):
        sanctioning.lodge_appeal(
            sanctioning.propose_revocation(c.certificate, reason="x", actor_id=first.id),
            grounds="g",
            actor_id=pgs.staff.id,
        )
    appeal = sanctioning.lodge_appeal(s, grounds="ไม่ได้ใช้", actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="already open"):
        sanctioning.lodge_appeal(s, grounds="again", actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="imposed the sanction"):
        sanctioning.decide_appeal(appeal, upheld=True, resolution="ok", actor_id=first.id)
    sanctioning.decide_appeal(appeal, upheld=True, resolution="หลักฐานไม่พอ", actor_id=second.id)
    assert c.certificate.status == "active" and s.status == "overturned"
    with pytest.raises(InvalidTransition, match="already been decided"):
        sanctioning.decide_appeal(appeal, upheld=False, resolution="no", actor_id=third.id)
    with pytest.raises(InvalidTransition, match="not suspended"):
        sanctioning.lift_suspension(c.certificate, actor_id=first.id)


def test_revocation_needs_two_committee_members(pgs):
    c = pgs.certified()
    first, second, _ = c.committee
    s = sanctioning.propose_revocation(c.certificate, reason="ใช้ยาฆ่าหญ้า", actor_id=first.id)
    assert c.certificate.status == "active"  # a proposal alone changes nothing
    with pytest.raises(InvalidTransition, match="already waiting"):
        sanctioning.propose_revocation(c.certificate, reason="again", actor_id=second.id)
    with pytest.raises(InvalidTransition, match="second committee member"):
        sanctioning.confirm_revocation(s, actor_id=first.id)
    with pytest.raises(Forbidden):
        sanctioning.confirm_revocation(s, actor_id=pgs.admin.id)
    sanctioning.confirm_revocation(s, actor_id=second.id)
    assert c.certificate.status == "revoked" and s.confirmed_by_user_id == second.id
    with pytest.raises(InvalidTransition, match="Only a proposed"):
        sanctioning.confirm_revocation(s, actor_id=second.id)
    with pytest.raises(InvalidTransition, match="in force can be sanctioned"):
        sanctioning.warn(c.certificate, reason="x", actor_id=first.id)
    with pytest.raises(InvalidTransition, match="Only an active"):
        sanctioning.suspend(
            c.certificate, until=clock.today() + timedelta(days=3), reason="x", actor_id=first.id
        )
    with pytest.raises(InvalidTransition, match="in force can be sanctioned"):
        sanctioning.propose_revocation(c.certificate, reason="x", actor_id=first.id)


def test_revocation_appeal_dismissed_keeps_it_revoked(pgs):
    c = pgs.certified()
    first, second, third = c.committee
    s = sanctioning.propose_revocation(c.certificate, reason="r", actor_id=first.id)
    sanctioning.confirm_revocation(s, actor_id=second.id)
    appeal = sanctioning.lodge_appeal(s, grounds="g", actor_id=pgs.staff.id)
    with pytest.raises(InvalidTransition, match="imposed"):
        sanctioning.decide_appeal(appeal, upheld=True, resolution="x", actor_id=second.id)
    sanctioning.decide_appeal(appeal, upheld=False, resolution="ยืนตามเดิม", actor_id=third.id)
    assert c.certificate.status == "revoked" and s.status == "in_force"


def test_expiry_and_suspension_end(pgs):
    c = pgs.certified()
    cert = c.certificate
    sanctioning.suspend(
        cert, until=clock.today() + timedelta(days=2), reason="r", actor_id=c.committee[0].id
    )
    db.session.commit()
    assert expiring.expire_due(clock.today() + timedelta(days=3)) == 1
    assert cert.status == "active"
    cert.valid_from = clock.today() - timedelta(days=370)
    cert.valid_until = clock.today() - timedelta(days=5)
    db.session.commit()
    assert expiring.expire_due() == 1 and cert.status == "expired"
    assert expiring.expire_due() == 0  # safe to run twice
    with pytest.raises(InvalidTransition, match="in force can be sanctioned"):
        sanctioning.warn(cert, reason="x", actor_id=c.committee[0].id)


def test_inspection_status_unchanged_by_refusals(pgs):
    farm = pgs.farmer()
    insp = pgs.submitted(farm)
    m, users = pgs.meeting()
    with pytest.raises(InvalidTransition):
        deciding.decide(m, insp, outcome="organic", actor_id=users[0].id)
    db.session.rollback()
    assert db.session.get(Inspection, insp.id).status == "submitted"
