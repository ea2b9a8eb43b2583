"""Rows of the PGS tables for the tenancy leak tests."""

from __future__ import annotations

import secrets

from core import clock

ALIASES = {
    "plot_id": "producer_plot",
    "standard_id": "producer_standard",
    "farm_id": "producer_farm",
    "inspection_id": "producer_inspection",
    "noncompliance_id": "producer_noncompliance",
    "committee_meeting_id": "producer_meeting",
    "certificate_id": "producer_certificate",
    "sanction_id": "producer_sanction",
    "appeal_id": "producer_appeal",
    "plot_import_id": "import_job:producers.plots",
}

# A producer's own farm pages answer 404 for any farm not theirs, in their own
# tenant too: the tenant's own rows are found only by their farmer.
TOKEN_GUARDED = {"producers.pgs_mine_plot_new"}


def makers(helpers) -> dict:
    from producers.models import pgs as m

    c = helpers.commit_in

    def standard(t):
        return c(
            t,
            m.Standard(
                code=f"S{secrets.token_hex(3)}", version=1, title_th="มาตรฐาน", status="active"
            ),
        )

    def criterion(t):
        return c(
            t, m.Criterion(standard_id=standard(t), code="C1", text_th="ข้อ 1", severity="minor")
        )

    def group(t):
        return c(t, m.ProducerGroup(name=f"กลุ่ม {secrets.token_hex(3)}"))

    def farm(t):
        return c(t, m.Farm(person_id=helpers.make_person(t).id, name="ไร่"))

    def pledge(t):
        return c(t, m.Pledge(farm_id=farm(t), standard_id=standard(t), signed_on=clock.today()))

    def plot(t):
        return c(
            t, m.Plot(farm_id=farm(t), code=f"P{secrets.token_hex(4)}", name="แปลง", area_sqm=1600)
        )

    def planting(t):
        return c(t, m.Planting(plot_id=plot(t), crop="ข้าว"))

    def inspection(t):
        return c(
            t, m.Inspection(farm_id=farm(t), standard_id=standard(t), cycle=2026, status="planned")
        )

    def inspector(t):
        return c(
            t,
            m.InspectionInspector(inspection_id=inspection(t), person_id=helpers.make_person(t).id),
        )

    def answer(t):
        insp = inspection(t)
        return c(t, m.ChecklistAnswer(inspection_id=insp, criterion_id=criterion(t), result="pass"))

    def noncompliance(t):
        return c(
            t,
            m.NonCompliance(
                inspection_id=inspection(t),
                farm_id=farm(t),
                grade="minor",
                description="d",
                corrective_action="a",
                due_on=clock.today(),
                status="open",
                opened_on=clock.today(),
            ),
        )

    def meeting(t):
        return c(t, m.CommitteeMeeting(held_on=clock.today(), quorum=2, status="open"))

    def attendee(t):
        return c(
            t,
            m.MeetingAttendee(
                meeting_id=meeting(t), user_id=helpers.make_user().id, name="กรรมการ"
            ),
        )

    def decision(t):
        return c(
            t,
            m.Decision(
                meeting_id=meeting(t),
                inspection_id=inspection(t),
                farm_id=farm(t),
                outcome="deferred",
                present_count=2,
            ),
        )

    def certificate(t):
        return c(
            t,
            m.Certificate(
                farm_id=farm(t),
                number=f"PGS-{secrets.token_hex(3)}",
                level="organic",
                status="active",
                valid_from=clock.today(),
                valid_until=clock.today(),
            ),
        )

    def certificate_plot(t):
        return c(t, m.CertificatePlot(certificate_id=certificate(t), plot_id=plot(t), crops=[]))

    def certificate_event(t):
        return c(
            t,
            m.CertificateEvent(
                certificate_id=certificate(t),
                kind="issued",
                status_after="active",
                effective_on=clock.today(),
            ),
        )

    def sanction(t):
        return c(
            t,
            m.Sanction(
                certificate_id=certificate(t), kind="warning", status="in_force", reason="r"
            ),
        )

    def appeal(t):
        return c(
            t, m.Appeal(sanction_id=sanction(t), lodged_on=clock.today(), grounds="g", status="open")
        )

    def plot_import(t):
        from core.imports.models import ImportJob

        return c(t, ImportJob(kind="producers.plots", filename="plots.csv", content=b"plot_code\n",
                              status="done"))

    return {
        "producer_standard": standard,
        "producer_criterion": criterion,
        "producer_group": group,
        "producer_farm": farm,
        "producer_pledge": pledge,
        "producer_plot": plot,
        "producer_planting": planting,
        "producer_inspection": inspection,
        "producer_inspection_inspector": inspector,
        "producer_checklist_answer": answer,
        "producer_noncompliance": noncompliance,
        "producer_meeting": meeting,
        "producer_meeting_attendee": attendee,
        "producer_decision": decision,
        "producer_certificate": certificate,
        "producer_certificate_plot": certificate_plot,
        "producer_certificate_event": certificate_event,
        "producer_sanction": sanction,
        "producer_appeal": appeal,
        "import_job:producers.plots": plot_import,
    }
