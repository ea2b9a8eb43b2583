"""Yearly re-inspection reminders and expiry notices, through the outbox."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core import clock
from core.audit.services import record
from core.db import db
from core.i18n.formatting import format_date
from core.notifications.messages import Text, register_templates
from core.notifications.services import queue_notification
from producers.models.pgs import Certificate, Farm
from producers.pgs.workflow import expiring

REMIND_DAYS = 60

register_templates(
    {
        "producers.reinspection_due": {
            "en": Text(
                "Re-inspection due: certificate {number}",
                "Certificate {number} for {farm} is valid until {valid_until}. "
                "Please arrange the yearly peer inspection with your group before then.",
            ),
            "th": Text(
                "ถึงเวลาตรวจแปลงประจำปี: ใบรับรอง {number}",
                "ใบรับรอง {number} ของ{farm} มีอายุถึง {valid_until} "
                "กรุณานัดตรวจแปลงประจำปีกับกลุ่มก่อนวันดังกล่าว",
            ),
        },
        "producers.certificate_expired": {
            "en": Text(
                "Certificate {number} has expired",
                "Certificate {number} for {farm} expired on {valid_until}. "
                "Goods from its plots can no longer be sold as certified until a new inspection.",
            ),
            "th": Text(
                "ใบรับรอง {number} หมดอายุแล้ว",
                "ใบรับรอง {number} ของ{farm} หมดอายุเมื่อ {valid_until} "
                "ผลผลิตจากแปลงนี้ขายในนามผลผลิตที่ได้รับรองไม่ได้จนกว่าจะผ่านการตรวจใหม่",
            ),
        },
    }
)


def _notify(cert: Certificate, farm: Farm, template: str, key: str) -> None:
    for lang in ("th",):
        queue_notification(
            template=template,
            params={
                "number": cert.number,
                "farm": farm.name,
                "valid_until": format_date(cert.valid_until, "long", lang),
            },
            idempotency_key=key,
            to_person_id=farm.person_id,
            lang=lang,
        )


def send_reminders(today: date | None = None) -> int:
    """Certificates in force that end within ``REMIND_DAYS`` get one reminder."""
    today = today or clock.today()
    due = db.session.execute(
        sa.select(Certificate, Farm)
        .join(Farm, Farm.id == Certificate.farm_id)
        .where(
            Certificate.status.in_(("active", "suspended")),
            Certificate.valid_until <= today + timedelta(days=REMIND_DAYS),
            Certificate.valid_until >= today,
            Certificate.reminder_sent_on.is_(None),
        )
    ).all()
    for cert, farm in due:
        _notify(cert, farm, "producers.reinspection_due", f"producers.reinspection_due:{cert.id}")
        cert.reminder_sent_on = today
        record(
            "producers.certificate.reminder",
            actor_id=None,
            target_type="producer_certificate",
            target_id=cert.id,
            after={"valid_until": cert.valid_until.isoformat()},
        )
    db.session.flush()
    return len(due)


def daily(today: date | None = None) -> dict:
    """Expire, end suspensions, notify expiries, send reminders. Safe to run twice."""
    today = today or clock.today()
    before = {
        c.id
        for c in db.session.scalars(sa.select(Certificate).where(Certificate.status == "expired"))
    }
    changed = expiring.expire_due(today)
    expired = db.session.execute(
        sa.select(Certificate, Farm)
        .join(Farm, Farm.id == Certificate.farm_id)
        .where(Certificate.status == "expired", Certificate.id.not_in(before or {0}))
    ).all()
    for cert, farm in expired:
        _notify(
            cert, farm, "producers.certificate_expired", f"producers.certificate_expired:{cert.id}"
        )
    return {"changed": changed, "expired_notices": len(expired), "reminders": send_reminders(today)}
