"""API: PGS (``/api/v1/t/<slug>/producers/pgs``): charter, groups, farms,
plots and plantings, the inspection workflow, committee decisions,
certificates, sanctions and appeals, and the dashboard. Same permissions and
the same refusals as the pages."""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint

from core import clock
from core.api.paging import paged
from core.api_auth import api_require
from core.db import db
from producers.certification import effective_status, plot_status
from producers.models.pgs import (
    Appeal,
    Certificate,
    CommitteeMeeting,
    Farm,
    Inspection,
    Plot,
    ProducerGroup,
    Sanction,
    Standard,
)
from producers.pgs import dashboard, permissions, queries, services, workflow  # noqa: F401
from producers.pgs import schemas as s
from producers.pgs.pages import actor_id
from producers.pgs.workflow import deciding, inspecting, pledging, sanctioning, screening

blp = Blueprint(
    "producers_pgs_api",
    __name__,
    url_prefix="/api/v1/t/<slug>/producers/pgs",
    description="Producers: PGS certification",
)


def _attrs(obj, schema) -> dict:
    """The object's raw values for the fields of ``schema`` (dumped once, by the response)."""
    return {name: getattr(obj, name) for name in schema._declared_fields if hasattr(obj, name)}


def _commit(obj):
    db.session.commit()
    return obj


# --- charter ---------------------------------------------------------------------


@blp.route("/standards")
class Standards(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.StandardOut(many=True))
    @paged(blp)
    def get(self):
        """Every version of the network's standards."""
        return db.session.scalars(
            sa.select(Standard).order_by(Standard.code, Standard.version.desc())
        ).all()

    @api_require("producers.standards")
    @blp.arguments(s.StandardIn)
    @blp.response(201, s.StandardOut)
    def post(self, data):
        """Create a draft standard (the next version of its code)."""
        return _commit(services.create_standard(**data, actor_id=actor_id()))


def _standard_detail(standard: Standard) -> dict:
    return {**_attrs(standard, s.StandardOut), "criteria": services.criteria_of(standard.id)}


@blp.route("/standards/<int:standard_id>")
class StandardDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.StandardDetailOut)
    def get(self, standard_id: int):
        """A standard with its criteria."""
        return _standard_detail(services.get(Standard, standard_id))


@blp.route("/standards/<int:standard_id>/criteria")
class Criteria(MethodView):
    @api_require("producers.standards")
    @blp.arguments(s.CriterionIn)
    @blp.response(201, s.CriterionOut)
    def post(self, data, standard_id: int):
        """Add a criterion to a draft standard."""
        return _commit(
            services.add_criterion(services.get(Standard, standard_id), **data, actor_id=actor_id())
        )


@blp.route("/standards/<int:standard_id>/activate")
class StandardActivate(MethodView):
    @api_require("producers.standards")
    @blp.response(200, s.StandardOut)
    def post(self, standard_id: int):
        """Put a draft in force (the previous version retires)."""
        return _commit(
            services.activate_standard(services.get(Standard, standard_id), actor_id=actor_id())
        )


# --- groups, farms, plots --------------------------------------------------------


@blp.route("/groups")
class Groups(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.GroupOut(many=True))
    @paged(blp)
    def get(self):
        """Producer groups."""
        return db.session.scalars(sa.select(ProducerGroup).order_by(ProducerGroup.name)).all()

    @api_require("producers.manage")
    @blp.arguments(s.GroupIn)
    @blp.response(201, s.GroupOut)
    def post(self, data):
        """Create a producer group."""
        return _commit(services.create_group(**data, actor_id=actor_id()))


@blp.route("/farms")
class Farms(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.FarmOut(many=True))
    @paged(blp)
    def get(self):
        """Farms (up to 500, by name)."""
        return [f for f, _, _ in queries.farms(limit=None)]

    @api_require("producers.manage")
    @blp.arguments(s.FarmIn)
    @blp.response(201, s.FarmOut)
    def post(self, data):
        """Create a farm for a registry person."""
        return _commit(services.create_farm(**data, actor_id=actor_id()))


@blp.route("/farms/<int:farm_id>")
class FarmDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.FarmOut)
    def get(self, farm_id: int):
        """A farm."""
        return services.get(Farm, farm_id)


@blp.route("/farms/<int:farm_id>/pledge")
class FarmPledge(MethodView):
    @api_require("producers.pledge")
    @blp.arguments(s.PledgeIn)
    @blp.response(201, s.FarmOut)
    def post(self, data, farm_id: int):
        """Record the signed pledge; the farm history sets the conversion start."""
        farm = services.get(Farm, farm_id)
        pledging.sign_pledge(farm, **data, actor_id=actor_id())
        return _commit(farm)


@blp.route("/farms/<int:farm_id>/plots")
class FarmPlots(MethodView):
    @api_require("producers.manage")
    @blp.arguments(s.PlotIn)
    @blp.response(201, s.PlotOut)
    def post(self, data, farm_id: int):
        """Add a plot: area in m² or rai–ngan–square wa; lat/lon and/or GeoJSON."""
        return _commit(services.create_plot(services.get(Farm, farm_id), data, actor_id=actor_id()))


@blp.route("/farms/<int:farm_id>/inspections")
class FarmInspections(MethodView):
    @api_require("producers.plan_inspection")
    @blp.arguments(s.InspectionIn)
    @blp.response(201, s.InspectionOut)
    def post(self, data, farm_id: int):
        """Plan an inspection for the farm's cycle (needs a signed pledge)."""
        return _commit(
            inspecting.plan_inspection(services.get(Farm, farm_id), **data, actor_id=actor_id())
        )


@blp.route("/plots")
class Plots(MethodView):
    @api_require("producers.view")
    @blp.arguments(s.PageArgs, location="query")
    @blp.response(200, s.PlotPage)
    @paged(blp, present=lambda rows: [plot for plot, _farm in rows])
    def get(self, args):
        """Plots, searched by code, name or farm."""
        return {"items": queries.plots_query(q=args["q"])}


@blp.route("/plots/<int:plot_id>")
class PlotDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.PlotOut)
    def get(self, plot_id: int):
        """A plot (exact coordinates: staff and members only, never public)."""
        return services.get(Plot, plot_id)

    @api_require("producers.manage")
    @blp.arguments(s.PlotIn)
    @blp.response(200, s.PlotOut)
    def patch(self, data, plot_id: int):
        """Change a plot's fields."""
        return _commit(services.update_plot(services.get(Plot, plot_id), data, actor_id=actor_id()))


@blp.route("/plots/<int:plot_id>/plantings")
class PlotPlantings(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.PlantingOut(many=True))
    @paged(blp)
    def get(self, plot_id: int):
        """The plot's plantings."""
        return services.plantings_of(services.get(Plot, plot_id).id)

    @api_require("producers.manage")
    @blp.arguments(s.PlantingIn)
    @blp.response(201, s.PlantingOut)
    def post(self, data, plot_id: int):
        """Add a planting (expected harvest not before planting)."""
        return _commit(
            services.add_planting(services.get(Plot, plot_id), data, actor_id=actor_id())
        )


@blp.route("/plots/<int:plot_id>/certification")
class PlotCertification(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.CertificationOut)
    def get(self, plot_id: int):
        """The certification covering the plot today."""
        return asdict(plot_status(services.get(Plot, plot_id).id))


# --- inspections -----------------------------------------------------------------


def _inspection_detail(inspection: Inspection) -> dict:
    return {
        **_attrs(inspection, s.InspectionOut),
        "team": inspecting.team_of(inspection.id),
        "answers": list(inspecting.answers_of(inspection.id).values()),
        "noncompliances": screening.noncompliances_of(inspection_id=inspection.id),
    }


@blp.route("/inspections/<int:inspection_id>")
class InspectionDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.InspectionDetailOut)
    def get(self, inspection_id: int):
        """An inspection with its team, answers and non-compliances."""
        return _inspection_detail(services.get(Inspection, inspection_id))


@blp.route("/inspections/<int:inspection_id>/team")
class InspectionTeam(MethodView):
    @api_require("producers.plan_inspection")
    @blp.arguments(s.TeamIn)
    @blp.response(201, s.InspectionDetailOut)
    def post(self, data, inspection_id: int):
        """Add a peer inspector (conflicts of interest are refused with their reason)."""
        inspection = services.get(Inspection, inspection_id)
        inspecting.add_inspector(inspection, data.get("person_id"), actor_id=actor_id())
        db.session.commit()
        return _inspection_detail(inspection)


@blp.route("/inspections/<int:inspection_id>/answers")
class InspectionAnswers(MethodView):
    @api_require("producers.inspect")
    @blp.arguments(s.AnswerIn)
    @blp.response(201, s.AnswerOut)
    def post(self, data, inspection_id: int):
        """Answer one criterion (team members only; photos through the page or the documents API)."""
        return _commit(
            inspecting.answer(services.get(Inspection, inspection_id), **data, actor_id=actor_id())
        )


@blp.route("/inspections/<int:inspection_id>/verdict")
class InspectionVerdict(MethodView):
    @api_require("producers.inspect")
    @blp.arguments(s.VerdictIn)
    @blp.response(200, s.InspectionDetailOut)
    def post(self, data, inspection_id: int):
        """Sign the joint verdict; submitted when the whole team agrees."""
        inspection = services.get(Inspection, inspection_id)
        inspecting.sign_verdict(inspection, **data, actor_id=actor_id())
        db.session.commit()
        return _inspection_detail(inspection)


@blp.route("/inspections/<int:inspection_id>/noncompliances")
class InspectionGrade(MethodView):
    @api_require("producers.screen")
    @blp.arguments(s.GradeIn)
    @blp.response(201, s.NonComplianceOut)
    def post(self, data, inspection_id: int):
        """Screening: grade a non-compliance with its corrective action and due date."""
        return _commit(
            screening.grade(services.get(Inspection, inspection_id), **data, actor_id=actor_id())
        )


@blp.route("/inspections/<int:inspection_id>/screen")
class InspectionScreen(MethodView):
    @api_require("producers.screen")
    @blp.arguments(s.NoteIn)
    @blp.response(200, s.InspectionOut)
    def post(self, data, inspection_id: int):
        """Screening complete: the inspection goes to the committee."""
        return _commit(
            screening.complete_screening(
                services.get(Inspection, inspection_id), **data, actor_id=actor_id()
            )
        )


# --- committee -------------------------------------------------------------------


def _meeting_out(meeting: CommitteeMeeting) -> dict:
    return {
        **{k: getattr(meeting, k) for k in ("id", "held_on", "place", "quorum", "status")},
        "present": len(deciding.attendees_of(meeting.id)),
    }


@blp.route("/meetings")
class Meetings(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.MeetingOut(many=True))
    @paged(blp)
    def get(self):
        """Committee meetings, latest first."""
        return [_meeting_out(m) for m in queries.meetings(limit=None)]

    @api_require("producers.meeting")
    @blp.arguments(s.MeetingIn)
    @blp.response(201, s.MeetingOut)
    def post(self, data):
        """Open a committee meeting with its quorum."""
        meeting = deciding.open_meeting(**data, actor_id=actor_id())
        db.session.commit()
        return _meeting_out(meeting)


@blp.route("/meetings/<int:committee_meeting_id>/attendees")
class MeetingAttendees(MethodView):
    @api_require("producers.meeting")
    @blp.arguments(s.AttendeeIn)
    @blp.response(201, s.MeetingOut)
    def post(self, data, committee_meeting_id: int):
        """Record a committee member as present."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        deciding.add_attendee(meeting, data.get("user_id"), actor_id=actor_id())
        db.session.commit()
        return _meeting_out(meeting)


@blp.route("/meetings/<int:committee_meeting_id>/decisions")
class MeetingDecisions(MethodView):
    @api_require("producers.decide")
    @blp.arguments(s.DecisionIn)
    @blp.response(201, s.DecisionOut)
    def post(self, data, committee_meeting_id: int):
        """The committee decides on a screened inspection: organic, in conversion or deferred."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        inspection = services.get(Inspection, data.get("inspection_id"))
        decision = deciding.decide(
            meeting,
            inspection,
            outcome=data.get("outcome"),
            reason=data.get("reason"),
            scope=data.get("scope"),
            actor_id=actor_id(),
        )
        db.session.commit()
        cert_id = db.session.scalar(
            sa.select(Certificate.id).where(Certificate.decision_id == decision.id)
        )
        return {**_attrs(decision, s.DecisionOut), "certificate_id": cert_id}


@blp.route("/meetings/<int:committee_meeting_id>/close")
class MeetingClose(MethodView):
    @api_require("producers.meeting")
    @blp.arguments(s.NoteIn)
    @blp.response(200, s.MeetingOut)
    def post(self, data, committee_meeting_id: int):
        """Close the meeting with its minutes."""
        meeting = services.get(CommitteeMeeting, committee_meeting_id)
        deciding.close_meeting(meeting, minutes=data.get("note"), actor_id=actor_id())
        db.session.commit()
        return _meeting_out(meeting)


# --- certificates ----------------------------------------------------------------


@blp.route("/certificates")
class Certificates(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.CertificateOut(many=True))
    @paged(blp)
    def get(self):
        """Certificates, latest first."""
        return [c for c, _ in queries.certificates(limit=None)]


@blp.route("/certificates/<int:certificate_id>")
class CertificateDetail(MethodView):
    @api_require("producers.view")
    @blp.response(200, s.CertificateDetailOut)
    def get(self, certificate_id: int):
        """A certificate with its scope and its status today."""

        cert = services.get(Certificate, certificate_id)
        return {
            **_attrs(cert, s.CertificateOut),
            "status_now": effective_status(cert, clock.today())[0],
            "scope": deciding.scope_of(cert.id),
        }


@blp.route("/certificates/<int:certificate_id>/sanctions")
class CertificateSanctions(MethodView):
    @api_require("producers.sanction")
    @blp.arguments(s.SanctionIn)
    @blp.response(201, s.SanctionOut)
    def post(self, data, certificate_id: int):
        """Warning, suspension until a date, or a proposed revocation (a second member confirms)."""
        from core.errors import N_, ValidationError

        cert = services.get(Certificate, certificate_id)
        common = {
            "reason": data.get("reason"),
            "noncompliance_id": data.get("noncompliance_id"),
            "actor_id": actor_id(),
        }
        if data.get("kind") == "warning":
            sanction = sanctioning.warn(cert, **common)
        elif data.get("kind") == "suspension":
            sanction = sanctioning.suspend(cert, until=data.get("suspended_until"), **common)
        elif data.get("kind") == "revocation":
            sanction = sanctioning.propose_revocation(cert, **common)
        else:
            raise ValidationError(N_("Choose warning, suspension or revocation"), field="kind")
        return _commit(sanction)


@blp.route("/sanctions/<int:sanction_id>/confirm")
class SanctionConfirm(MethodView):
    @api_require("producers.sanction")
    @blp.response(200, s.SanctionOut)
    def post(self, sanction_id: int):
        """A second committee member confirms a revocation."""
        return _commit(
            sanctioning.confirm_revocation(services.get(Sanction, sanction_id), actor_id=actor_id())
        )


@blp.route("/sanctions/<int:sanction_id>/appeals")
class SanctionAppeals(MethodView):
    @api_require("producers.appeal")
    @blp.arguments(s.AppealIn)
    @blp.response(201, s.AppealOut)
    def post(self, data, sanction_id: int):
        """Appeal a sanction in force."""
        return _commit(
            sanctioning.lodge_appeal(
                services.get(Sanction, sanction_id),
                grounds=data.get("grounds"),
                actor_id=actor_id(),
            )
        )


@blp.route("/appeals/<int:appeal_id>/decide")
class AppealDecide(MethodView):
    @api_require("producers.sanction")
    @blp.arguments(s.AppealDecisionIn)
    @blp.response(200, s.AppealOut)
    def post(self, data, appeal_id: int):
        """Decide an appeal (by a member who did not impose the sanction)."""
        from core.errors import N_, ValidationError

        appeal = services.get(Appeal, appeal_id)
        if data.get("outcome") not in ("upheld", "dismissed"):
            raise ValidationError(N_("Choose upheld or dismissed"), field="outcome")
        return _commit(
            sanctioning.decide_appeal(
                appeal,
                upheld=data.get("outcome") == "upheld",
                resolution=data.get("resolution"),
                actor_id=actor_id(),
            )
        )


@blp.route("/dashboard")
class Dashboard(MethodView):
    @api_require("producers.dashboard")
    @blp.response(200, s.DashboardOut)
    def get(self):
        """The network's figures (aggregates only)."""
        return asdict(dashboard.build())
