"""Celery: monthly member statements. Each tenant is its own task; every
message has an idempotency key, so running twice sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from celery.schedules import crontab

from core.celery_app import celery, periodic
from core.db import db, transaction
from core.i18n.formatting import BE_OFFSET, format_thb
from core.ledger import services as ledger
from core.notifications import messages
from core.notifications.services import NoAddress, queue_notification
from core.registry.models import Household
from core.tenancy import crossing
from core.tenancy.context import tenant_context
from welfare.members import services as members
from welfare.models.funds import Fund
from welfare.models.members import Member

messages.register_templates(
    {
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


def _queue(person_id: int, **kw) -> bool:
    try:
        with db.session.begin_nested():
            queue_notification(to_user_id=None, to_person_id=person_id, **kw)
        return True
    except NoAddress:
        return False


def previous_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def send_member_statements(today: date | None = None) -> int:
    """For the tenant in context: last month's statement to every active
    member we can reach (a person, or a household's head)."""
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
    """One task per tenant with members (see crossing.tenants_having)."""
    return crossing.fan_out(Member, member_statements_task)


periodic("welfare.member_statements.monthly", "welfare.member_statements_all",
         crontab(day_of_month=1, hour=7, minute=0))
