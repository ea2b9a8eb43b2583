"""Celery: daily reminders to signatories with requests waiting for them (the
monthly member statements are the members area's: welfare/members/tasks_members).
Each tenant is its own task; every message has an idempotency key, so running
twice sends nothing twice."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.db import db, transaction, utcnow
from core.ledger import services as ledger
from core.notifications import messages
from core.notifications.services import NoAddress, queue_notification
from core.tenancy import crossing
from core.tenancy.context import tenant_context

log = logging.getLogger(__name__)

REMIND_AFTER = timedelta(hours=20)

messages.register_templates(
    {
        "welfare.approval_reminder": {
            "en": messages.Text(
                "Reminder: {count} disbursement(s) wait for your approval",
                "{count} disbursement request(s) of {organisation} are waiting for your decision, "
                "the oldest since {since}. Please approve or reject them in Pansuk.",
            ),
            "th": messages.Text(
                "เตือน: มีรายการเบิกจ่าย {count} รายการรอการอนุมัติจากท่าน",
                "คำขอเบิกจ่ายของ {organisation} จำนวน {count} รายการรอการตัดสินใจจากท่าน "
                "รายการแรกตั้งแต่ {since} กรุณาอนุมัติหรือไม่อนุมัติในปันสุข",
            ),
        },
    }
)


def _queue(user_id=None, person_id=None, **kw) -> bool:
    try:
        with db.session.begin_nested():
            queue_notification(to_user_id=user_id, to_person_id=person_id, **kw)
        return True
    except NoAddress:
        return False


# --- signatory reminders ------------------------------------------------------------


def remind_signatories(now: datetime | None = None) -> int:
    """For the tenant in context: one reminder per signatory with requests
    older than a day still waiting for them. Returns how many were queued."""
    from core.tenancy.models import Tenant
    from welfare.governance import disbursements as d
    from welfare.models.governance import Approval, Disbursement

    now = now or utcnow()
    today = ledger.today()
    old = list(db.session.scalars(sa.select(Disbursement).where(
        Disbursement.status == "pending", Disbursement.created_at <= now - REMIND_AFTER)))
    if not old:
        return 0
    waiting: dict[int, list] = {}
    for dis in old:
        decided = set(db.session.scalars(sa.select(Approval.user_id).where(Approval.disbursement_id == dis.id)))
        for signatory in d.valid_signatories(dis.fund_id, today):
            if signatory.user_id != dis.requested_by and signatory.user_id not in decided:
                waiting.setdefault(signatory.user_id, []).append(dis)
    tenant = db.session.get(Tenant, old[0].tenant_id)
    queued = 0
    for user_id, rows in waiting.items():
        since = min(r.created_at for r in rows).date().isoformat()
        queued += _queue(
            user_id, template="welfare.approval_reminder",
            params={"count": len(rows), "organisation": tenant.name_th, "since": since},
            idempotency_key=f"welfare.remind:{user_id}:{today.isoformat()}",
        )
    return queued


@celery.task(name="welfare.remind_signatories", acks_late=True)
def remind_signatories_task(tenant_id: int) -> int:
    with tenant_context(tenant_id), transaction():
        return remind_signatories()


@celery.task(name="welfare.remind_signatories_all", acks_late=True)
def remind_signatories_all() -> int:
    from welfare.models.governance import Disbursement

    return crossing.fan_out(Disbursement, remind_signatories_task)


periodic("welfare.signatory_reminders.daily", "welfare.remind_signatories_all", crontab(hour=8, minute=0))
