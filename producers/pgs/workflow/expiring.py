"""Time: certificates past their validity expire and suspensions past their date
end."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core import clock
from core.audit.services import snapshot
from core.db import db
from producers.models.pgs import (
    Certificate,
)
from producers.pgs.workflow import (
    _audit,
)
from producers.pgs.workflow.deciding import _event
from producers.pgs.workflow.sanctioning import lift_suspension

# --- time ------------------------------------------------------------------------


def expire_due(today: date | None = None) -> int:
    """Certificates past their validity become expired; suspensions past their
    date end. Safe to run twice. Returns how many certificates changed."""
    today = today or clock.today()
    changed = 0
    for cert in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.status.in_(("active", "suspended")), Certificate.valid_until < today
        )
    ):
        before = snapshot(cert)
        cert.status, cert.suspended_until = "expired", None
        db.session.flush()
        _event(
            cert,
            "expired",
            "expired",
            effective_on=cert.valid_until + timedelta(days=1),
            actor_id=None,
        )
        _audit("certificate.expire", cert, None, before)
        changed += 1
    for cert in db.session.scalars(
        sa.select(Certificate).where(
            Certificate.status == "suspended", Certificate.suspended_until < today
        )
    ):
        lift_suspension(cert, note="suspension period over", actor_id=None, system=True)
        changed += 1
    db.session.flush()
    return changed
