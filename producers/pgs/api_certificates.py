"""API: PGS certificates, sanctions and their confirmation, appeals and their
decision (/api/v1/t/<slug>/producers/pgs), on the PGS API blueprint. Same
permissions and the same refusals as the pages."""

from __future__ import annotations

from flask.views import MethodView

from core import clock
from core.api.paging import paged
from core.api_auth import api_require
from core.boundary import api_writes, must_exist
from producers.certification import effective_status
from producers.models.pgs import (
    Appeal,
    Certificate,
    Sanction,
)
from producers.pgs import queries, services
from producers.pgs import schemas as s
from producers.pgs.api_pgs import _attrs, blp
from producers.pgs.pages import actor_id
from producers.pgs.workflow import deciding, sanctioning

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
    @must_exist(certificate_id=Certificate)
    @blp.arguments(s.SanctionIn)
    @blp.response(201, s.SanctionOut)
    @api_writes
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
        return sanction


@blp.route("/sanctions/<int:sanction_id>/confirm")
class SanctionConfirm(MethodView):
    @api_require("producers.sanction")
    @blp.response(200, s.SanctionOut)
    @api_writes
    def post(self, sanction_id: int):
        """A second committee member confirms a revocation."""
        sanction = services.get(Sanction, sanction_id)
        return sanctioning.confirm_revocation(sanction, actor_id=actor_id())


@blp.route("/sanctions/<int:sanction_id>/appeals")
class SanctionAppeals(MethodView):
    @api_require("producers.appeal")
    @must_exist(sanction_id=Sanction)
    @blp.arguments(s.AppealIn)
    @blp.response(201, s.AppealOut)
    @api_writes
    def post(self, data, sanction_id: int):
        """Appeal a sanction in force."""
        return sanctioning.lodge_appeal(
            services.get(Sanction, sanction_id),
            grounds=data.get("grounds"),
            actor_id=actor_id(),
        )


@blp.route("/appeals/<int:appeal_id>/decide")
class AppealDecide(MethodView):
    @api_require("producers.sanction")
    @must_exist(appeal_id=Appeal)
    @blp.arguments(s.AppealDecisionIn)
    @blp.response(200, s.AppealOut)
    @api_writes
    def post(self, data, appeal_id: int):
        """Decide an appeal (by a member who did not impose the sanction)."""
        from core.errors import N_, ValidationError

        appeal = services.get(Appeal, appeal_id)
        if data.get("outcome") not in ("upheld", "dismissed"):
            raise ValidationError(N_("Choose upheld or dismissed"), field="outcome")
        return sanctioning.decide_appeal(
            appeal,
            upheld=data.get("outcome") == "upheld",
            resolution=data.get("resolution"),
            actor_id=actor_id(),
        )
