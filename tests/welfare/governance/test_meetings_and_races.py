"""Meetings pass resolutions only with a quorum; budget lines and yearly
benefit caps hold when two clerks race on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import DomainError
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.race import race_all as _race
from tests.welfare.funds.support import approve_budget, setup_fund
from welfare.benefits import services as benefits
from welfare.budgets import services as budgets
from welfare.governance import disbursements as d
from welfare.governance import services as governance
from welfare.members import services as members
from welfare.models.benefits import BenefitClaim
from welfare.models.funds import BudgetLine


def test_no_resolution_without_a_quorum(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        meeting = governance.create_meeting(fund_id=s.fund_id, held_on=ledger.today(), kind="general",
                                            title="ประชุมใหญ่", attendee_count=4, eligible_count=10,
                                            quorum_percent=50)
        with pytest.raises(governance.QuorumNotMet):
            governance.create_resolution(meeting_id=meeting.id, kind="disbursement", amount_cap_satang=100,
                                         purpose="x")
        with pytest.raises(DomainError):
            governance.create_meeting(fund_id=s.fund_id, held_on=ledger.today(), kind="general", title="x",
                                      attendee_count=11, eligible_count=10)
        ok = governance.create_meeting(fund_id=s.fund_id, held_on=ledger.today(), kind="general", title="ครบ",
                                       attendee_count=5, eligible_count=10, quorum_percent=50)
        with pytest.raises(DomainError):  # expires before the meeting
            governance.create_resolution(meeting_id=ok.id, kind="benefit", amount_cap_satang=100, purpose="x",
                                         valid_until=ledger.today() - timedelta(days=1))
        with pytest.raises(DomainError):
            governance.create_resolution(meeting_id=ok.id, kind="benefit", amount_cap_satang=0, purpose="x")
        governance.create_resolution(meeting_id=ok.id, kind="benefit", amount_cap_satang=100, purpose="x")


@pytest.mark.postgres
def test_two_requests_racing_for_a_budget_lines_last_baht(app, ctx, postgres_only, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=10_000_00)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(fund_id=s.fund_id, name="งบ", period_start=date(2026, 1, 1),
                                       period_end=date(2026, 12, 31))
        line_id = budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=1_000_00).id
        db.session.commit()
    with tenant_context(s.tenant_id):
        approve_budget(s, budget.id)
    fund_id, resolution_id, maker = s.fund_id, s.resolution_id, s.manager.id

    def work():
        d.request(fund_id=fund_id, resolution_id=resolution_id, amount_satang=600_00, purpose="แข่ง",
                  target_type="test.thing", target_id=1, requested_by=maker, budget_line_id=line_id)

    assert _race(app, s.tenant_id, [work, work]) == Counter({"ok": 1, "BudgetLineExceeded": 1})
    with tenant_context(s.tenant_id):
        assert db.session.scalar(sa.select(BudgetLine.spent_satang)) == 600_00


@pytest.mark.postgres
def test_two_claims_racing_for_the_yearly_cap(app, ctx, postgres_only, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    person = make_person(s.tenant)
    with tenant_context(s.tenant_id):
        member = members.enroll(fund_id=s.fund_id, person_id=person.id, joined_on=date(2025, 1, 1))
        kind = benefits.create_type(fund_id=s.fund_id, code="sickness", name="ป่วย", per_event_cap_satang=1_000_00,
                                    per_year_cap_satang=1_000_00)
        day = ledger.today()
        ids = [benefits.submit_claim(member_id=member.id, benefit_type_id=kind.id, event_date=day,
                                     amount_requested_satang=1_000_00).id for _ in range(2)]
        db.session.commit()
    outcome = _race(app, s.tenant_id, [lambda i=i: benefits.check_claim(i) for i in ids])
    assert outcome == Counter({"ok": 1, "YearCapReached": 1})
    with tenant_context(s.tenant_id):
        allowed = db.session.scalars(sa.select(BenefitClaim.amount_satang).where(BenefitClaim.status == "checked"))
        assert list(allowed) == [1_000_00]
