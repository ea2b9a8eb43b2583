"""Sanctions and appeals: warning, suspension and its lifting, revocation
proposed and confirmed by the committee, and appeals against them."""

from __future__ import annotations

import sqlalchemy as sa

from core import clock
from core.audit.services import snapshot
from core.db import db
from core.errors import N_, Forbidden, ValidationError
from producers.certification import effective_status
from producers.models.pgs import (
    Appeal,
    Certificate,
    NonCompliance,
    Sanction,
)
from producers.pgs.services import InvalidTransition, _date, _text, get
from producers.pgs.workflow import (
    APPEAL_DAYS,
    _audit,
    _lock,
    _roles,
)
from producers.pgs.workflow.deciding import _event

# --- sanctions and appeals -------------------------------------------------------


def _now_status(cert: Certificate) -> str:
    return effective_status(cert, clock.today())[0]


def _committee(actor_id: int | None) -> None:
    if "committee" not in _roles(actor_id):
        raise Forbidden(N_("Only a committee member can do this"))


def warn(
    cert: Certificate, *, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    if _now_status(cert) not in ("active", "suspended"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    sanction = Sanction(
        certificate_id=cert.id,
        kind="warning",
        status="in_force",
        reason=_text(reason, "reason", max_len=4000),
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
        effective_on=clock.today(),
    )
    db.session.add(sanction)
    db.session.flush()
    _audit("sanction.warning", sanction, actor_id)
    return sanction


def _nc_id(value, cert: Certificate) -> int | None:
    if value in (None, ""):
        return None
    nc = get(NonCompliance, value, N_("Unknown non-compliance"))
    if nc.farm_id != cert.farm_id:
        raise ValidationError(
            N_("This non-compliance belongs to another farm"), field="noncompliance_id"
        )
    return nc.id


def suspend(
    cert: Certificate, *, until, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    status = _now_status(cert)
    if status != "active":
        raise InvalidTransition(N_("Only an active certificate can be suspended"))
    day = _date(until, "suspended_until")
    if day is None or day <= clock.today():
        raise ValidationError(
            N_("A suspension lasts until a date after today"), field="suspended_until"
        )
    if day > cert.valid_until:
        raise ValidationError(
            N_("A suspension cannot last beyond the certificate's validity"),
            field="suspended_until",
        )
    sanction = Sanction(
        certificate_id=cert.id,
        kind="suspension",
        status="in_force",
        reason=_text(reason, "reason", max_len=4000),
        suspended_until=day,
        status_before=status,
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
        effective_on=clock.today(),
    )
    db.session.add(sanction)
    before = snapshot(cert)
    cert.status, cert.suspended_until = "suspended", day
    db.session.flush()
    _event(
        cert,
        "suspended",
        "suspended",
        effective_on=clock.today(),
        suspended_until=day,
        actor_id=actor_id,
    )
    _audit("sanction.suspension", sanction, actor_id)
    _audit("certificate.suspend", cert, actor_id, before)
    return sanction


def lift_suspension(
    cert: Certificate, *, note: str | None = None, actor_id: int | None, system: bool = False
) -> None:
    if not system:
        _committee(actor_id)
    _lock(cert)
    if cert.status != "suspended":
        raise InvalidTransition(N_("This certificate is not suspended"))
    before = snapshot(cert)
    today = clock.today()
    cert.status, cert.suspended_until = ("expired" if today > cert.valid_until else "active"), None
    for s in db.session.scalars(
        sa.select(Sanction).where(
            Sanction.certificate_id == cert.id,
            Sanction.kind == "suspension",
            Sanction.status == "in_force",
        )
    ):
        s.status = "lifted"
    db.session.flush()
    _event(cert, "reinstated", cert.status, effective_on=today, note=note, actor_id=actor_id)
    _audit("certificate.reinstate", cert, actor_id, before)


def propose_revocation(
    cert: Certificate, *, reason: str, noncompliance_id=None, actor_id: int | None
) -> Sanction:
    _committee(actor_id)
    _lock(cert)
    if _now_status(cert) in ("revoked", "expired"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    if db.session.scalar(
        sa.select(Sanction.id).where(
            Sanction.certificate_id == cert.id,
            Sanction.kind == "revocation",
            Sanction.status == "proposed",
        )
    ):
        raise InvalidTransition(
            N_("A revocation of this certificate is already waiting for confirmation")
        )
    sanction = Sanction(
        certificate_id=cert.id,
        kind="revocation",
        status="proposed",
        reason=_text(reason, "reason", max_len=4000),
        proposed_by_user_id=actor_id,
        noncompliance_id=_nc_id(noncompliance_id, cert),
    )
    db.session.add(sanction)
    db.session.flush()
    _audit("sanction.revocation_proposed", sanction, actor_id)
    return sanction


def confirm_revocation(sanction: Sanction, *, actor_id: int | None) -> Sanction:
    """A second committee member confirms; only then is the certificate revoked."""
    _committee(actor_id)
    _lock(sanction)
    if sanction.kind != "revocation" or sanction.status != "proposed":
        raise InvalidTransition(N_("Only a proposed revocation can be confirmed"))
    if sanction.proposed_by_user_id == actor_id:
        raise InvalidTransition(N_("A revocation must be confirmed by a second committee member"))
    cert = db.session.get(Certificate, sanction.certificate_id)
    status = _now_status(cert)
    if status in ("revoked", "expired"):
        raise InvalidTransition(N_("Only a certificate in force can be sanctioned"))
    before = snapshot(sanction)
    cert_before = snapshot(cert)
    sanction.status, sanction.confirmed_by_user_id = "in_force", actor_id
    sanction.status_before, sanction.effective_on = status, clock.today()
    cert.status, cert.suspended_until = "revoked", None
    db.session.flush()
    _event(cert, "revoked", "revoked", effective_on=clock.today(), actor_id=actor_id)
    _audit("sanction.revocation_confirmed", sanction, actor_id, before)
    _audit("certificate.revoke", cert, actor_id, cert_before)
    return sanction


def withdraw_revocation(sanction: Sanction, *, actor_id: int | None) -> Sanction:
    _committee(actor_id)
    _lock(sanction)
    if sanction.kind != "revocation" or sanction.status != "proposed":
        raise InvalidTransition(N_("Only a proposed revocation can be withdrawn"))
    before = snapshot(sanction)
    sanction.status = "withdrawn"
    db.session.flush()
    _audit("sanction.withdraw", sanction, actor_id, before)
    return sanction


def lodge_appeal(sanction: Sanction, *, grounds: str, actor_id: int | None) -> Appeal:
    _lock(sanction)
    if sanction.status != "in_force":
        raise InvalidTransition(N_("Only a sanction in force can be appealed"))
    if sanction.effective_on and (clock.today() - sanction.effective_on).days > APPEAL_DAYS:
        raise InvalidTransition(
            N_("The time to appeal (%(days)s days) has passed"), days=APPEAL_DAYS
        )
    if db.session.scalar(
        sa.select(Appeal.id).where(Appeal.sanction_id == sanction.id, Appeal.status == "open")
    ):
        raise InvalidTransition(N_("An appeal against this sanction is already open"))
    appeal = Appeal(
        sanction_id=sanction.id,
        lodged_on=clock.today(),
        grounds=_text(grounds, "grounds", max_len=4000),
        status="open",
        lodged_by_user_id=actor_id,
    )
    db.session.add(appeal)
    db.session.flush()
    _audit("appeal.lodge", appeal, actor_id)
    return appeal


def decide_appeal(appeal: Appeal, *, upheld: bool, resolution: str, actor_id: int | None) -> Appeal:
    """Upheld: the sanction is overturned and the certificate restored.
    Decided by a committee member who neither proposed nor confirmed it."""
    _committee(actor_id)
    _lock(appeal)
    if appeal.status != "open":
        raise InvalidTransition(N_("This appeal has already been decided"))
    sanction = db.session.get(Sanction, appeal.sanction_id)
    if actor_id in (sanction.proposed_by_user_id, sanction.confirmed_by_user_id):
        raise InvalidTransition(N_("A member who imposed the sanction cannot decide its appeal"))
    before = snapshot(appeal)
    appeal.status = "upheld" if upheld else "dismissed"
    appeal.resolution = _text(resolution, "resolution", max_len=4000)
    appeal.decided_by_user_id, appeal.decided_on = actor_id, clock.today()
    if upheld:
        sanction.status = "overturned"
        cert = db.session.get(Certificate, sanction.certificate_id)
        if sanction.kind in ("suspension", "revocation") and cert.status in (
            "suspended",
            "revoked",
        ):
            cert_before = snapshot(cert)
            today = clock.today()
            cert.status = "expired" if today > cert.valid_until else "active"
            cert.suspended_until = None
            db.session.flush()
            _event(cert, "appeal_upheld", cert.status, effective_on=today, actor_id=actor_id)
            _audit("certificate.restore", cert, actor_id, cert_before)
    db.session.flush()
    _audit("appeal.decide", appeal, actor_id, before)
    return appeal
