"""Celery: daily reminders to signatories with requests waiting for them, and
monthly member statements. Each tenant is its own task; every message has an
idempotency key, so running twice sends nothing twice."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.db import db, transaction, utcnow
from core.i18n.formatting import BE_OFFSET, format_thb
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
        "welfare.member_statement": {
            "en": messages.Text(
                "{fund}: your statement for {month}",
                "Contributions paid in {month}: {paid}. Still owed: {owed}. Benefits received in {month}: {benefits}.",
            ),
            "th": messages.Text(
                "{fund}: รายงานสมาชิกประจำเดือน {month}",
                "เงินสมทบที่จ่ายในเดือน {month}: {paid} ค้างชำระ: {owed} สวัสดิการที่ได้รับในเดือน {month}: {benefits}",
            ),
        },
    }
)


def _tenants_with(model) -> list[int]:
    """Tenants with rows of ``model`` meeting its fan-out condition."""
    ids = crossing.tenants_having(model)
    db.session.commit()
    return ids


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

    tenant_ids = _tenants_with(Disbursement)
    for tenant_id in tenant_ids:
        remind_signatories_task.delay(tenant_id)
    return len(tenant_ids)


periodic("welfare.signatory_reminders.daily", "welfare.remind_signatories_all", crontab(hour=8, minute=0))


# --- monthly member statements -----------------------------------------------------------


def previous_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def send_member_statements(today: date | None = None) -> int:
    """For the tenant in context: last month's statement to every active
    member we can reach (a person, or a household's head)."""
    from core.registry.models import Household
    from welfare.members import services as members
    from welfare.models.funds import Fund
    from welfare.models.members import Member

    start, end = previous_month(today or ledger.today())
    month = f"{start.month:02d}/{start.year + BE_OFFSET}"
    funds = {f.id: f for f in db.session.scalars(sa.select(Fund).where(Fund.active))}
    sent = 0
    for member in db.session.scalars(sa.select(Member).where(Member.status == "active").order_by(Member.id)):
        if member.fund_id not in funds:
            continue
        person_id = member.person_id
        if person_id is None and member.household_id is not None:
            person_id = db.session.scalar(sa.select(Household.head_person_id).where(
                Household.id == member.household_id))
        if person_id is None:
            continue
        s = members.statement(member.id, start=start, end=end)
        sent += _queue(
            person_id=person_id, template="welfare.member_statement",
            params={"fund": funds[member.fund_id].name, "month": month, "paid": format_thb(s["paid_in_period"]),
                    "owed": format_thb(s["owed"]), "benefits": format_thb(s["benefits_paid"])},
            idempotency_key=f"welfare.statement:{member.id}:{start.isoformat()}",
        )
    return sent


@celery.task(name="welfare.member_statements", acks_late=True)
def member_statements_task(tenant_id: int) -> int:
    with tenant_context(tenant_id), transaction():
        return send_member_statements()


@celery.task(name="welfare.member_statements_all", acks_late=True)
def member_statements_all() -> int:
    from welfare.models.members import Member

    tenant_ids = _tenants_with(Member)
    for tenant_id in tenant_ids:
        member_statements_task.delay(tenant_id)
    return len(tenant_ids)


periodic("welfare.member_statements.monthly", "welfare.member_statements_all",
         crontab(day_of_month=1, hour=7, minute=0))
