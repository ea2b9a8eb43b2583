"""Pages: certificates, sanctions (warning, suspension, revocation and its
confirmation or withdrawal, reinstatement) and appeals. Refused steps raise
domain errors; the app's handler shows them as a clear page (409 for an
invalid transition, 403 for a missing role or seat)."""

from __future__ import annotations

from flask import render_template, request

from core.auth.policies import require
from core.boundary import writes
from core.errors import N_, ValidationError
from producers import bp
from producers.models.pgs import (
    Appeal,
    Certificate,
    Sanction,
)
from producers.pgs import (
    queries,
    services,
)
from producers.pgs.pages import actor_id, allowed, done, posted
from producers.pgs.workflow import sanctioning

# --- certificates, sanctions, appeals --------------------------------------------


@bp.get("/pgs/certificates")
@require("producers.view")
def pgs_certificates():
    from producers.models.pgs import CERTIFICATE_STATUSES

    status = (
        request.args.get("status") if request.args.get("status") in CERTIFICATE_STATUSES else None
    )
    return render_template(
        "producers/pgs/certificates.html",
        rows=queries.certificates(status),
        status=status,
        statuses=CERTIFICATE_STATUSES,
    )


@bp.get("/pgs/certificates/<int:certificate_id>")
@require("producers.view")
def pgs_certificate(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    return render_template(
        "producers/pgs/certificate.html",
        **queries.certificate_page(cert),
        can_sanction=allowed("producers.sanction"),
        can_appeal=allowed("producers.appeal"),
    )


@bp.post("/pgs/certificates/<int:certificate_id>/sanctions")
@require("producers.sanction")
@writes
def pgs_sanction(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    data = posted()
    kind = data.get("kind")
    common = {
        "reason": data.get("reason"),
        "noncompliance_id": data.get("noncompliance_id"),
        "actor_id": actor_id(),
    }
    if kind == "warning":
        sanctioning.warn(cert, **common)
    elif kind == "suspension":
        sanctioning.suspend(cert, until=data.get("suspended_until"), **common)
    elif kind == "revocation":
        sanctioning.propose_revocation(cert, **common)
    else:
        raise ValidationError(N_("Choose warning, suspension or revocation"), field="kind")
    return done(
        "producers.pgs_certificate", N_("The sanction is recorded."), certificate_id=cert.id
    )


@bp.post("/pgs/certificates/<int:certificate_id>/reinstate")
@require("producers.sanction")
@writes
def pgs_reinstate(certificate_id: int):
    cert = services.get(Certificate, certificate_id)
    sanctioning.lift_suspension(cert, note=posted().get("note"), actor_id=actor_id())
    return done(
        "producers.pgs_certificate", N_("The suspension is lifted."), certificate_id=cert.id
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/confirm")
@require("producers.sanction")
@writes
def pgs_sanction_confirm(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.confirm_revocation(sanction, actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The revocation is confirmed."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/withdraw")
@require("producers.sanction")
@writes
def pgs_sanction_withdraw(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.withdraw_revocation(sanction, actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The proposal is withdrawn."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/sanctions/<int:sanction_id>/appeal")
@require("producers.appeal")
@writes
def pgs_appeal_lodge(sanction_id: int):
    sanction = services.get(Sanction, sanction_id)
    sanctioning.lodge_appeal(sanction, grounds=posted().get("grounds"), actor_id=actor_id())
    return done(
        "producers.pgs_certificate",
        N_("The appeal is lodged."),
        certificate_id=sanction.certificate_id,
    )


@bp.post("/pgs/appeals/<int:appeal_id>/decide")
@require("producers.sanction")
@writes
def pgs_appeal_decide(appeal_id: int):
    appeal = services.get(Appeal, appeal_id)
    data = posted()
    if data.get("outcome") not in ("upheld", "dismissed"):
        raise ValidationError(N_("Choose upheld or dismissed"), field="outcome")
    sanctioning.decide_appeal(
        appeal,
        upheld=data.get("outcome") == "upheld",
        resolution=data.get("resolution"),
        actor_id=actor_id(),
    )
    sanction = services.get(Sanction, appeal.sanction_id)
    return done(
        "producers.pgs_certificate",
        N_("The appeal is decided."),
        certificate_id=sanction.certificate_id,
    )
