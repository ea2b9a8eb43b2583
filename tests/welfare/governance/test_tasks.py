"""Celery work: reminders to signatories with requests waiting, monthly member
statements; both idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.db import db, utcnow
from core.notifications.models import Notification
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import setup_fund
from welfare.governance import disbursements as d
from welfare.governance import tasks_funds
from welfare.members import services as members
from welfare.members import tasks_members
from welfare.sources import services as sources


def _sent(template):
    return list(db.session.scalars(sa.select(Notification.to_user_id).where(Notification.template == template)))


def test_signatories_are_reminded_once_a_day(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        dis = d.request(fund_id=s.fund_id, resolution_id=s.resolution_id, amount_satang=100_00, purpose="x",
                        target_type="test.thing", target_id=1, requested_by=s.manager.id)
        d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.commit()
        assert tasks_funds.remind_signatories() == 0  # too fresh
        later = utcnow() + timedelta(days=1)
        assert tasks_funds.remind_signatories(now=later) == 2
        db.session.commit()
        assert tasks_funds.remind_signatories(now=later) == 2  # same key: no second message
        db.session.commit()
        assert sorted(_sent("welfare.approval_reminder")) == sorted(u.id for u in s.signatories[1:])


def test_monthly_member_statements(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member)
    person = make_person(s.tenant, phone="+66811111111")
    with tenant_context(s.tenant_id):
        member = members.enroll(fund_id=s.fund_id, person_id=person.id, joined_on=date(2026, 1, 1))
        sources.set_schedule(member_id=member.id, starts_on=date(2026, 1, 1))
        sources.record_contribution(member_id=member.id, amount_satang=31_00, paid_on=date(2026, 1, 31))
        db.session.commit()
        assert tasks_members.send_member_statements(today=date(2026, 2, 5)) == 1
        db.session.commit()
        tasks_members.send_member_statements(today=date(2026, 2, 5))
        db.session.commit()
        rows = list(db.session.scalars(sa.select(Notification).where(
            Notification.template == "welfare.member_statement")))
        assert len(rows) == 1 and rows[0].params["paid"] == "฿31.00" and rows[0].to_person_id == person.id
