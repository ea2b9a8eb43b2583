"""Budgets: caps on lines, spending beyond a line needs a budget-change
resolution, budget against actual."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import approve_budget, setup_fund
from welfare.budgets import services as budgets
from welfare.governance import disbursements as d
from welfare.governance import errors
from welfare.governance import services as governance


def _budget(s):
    budget = budgets.create_budget(
        fund_id=s.fund_id,
        name="ปีงบ 2569",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    area = budgets.add_line(
        budget_id=budget.id, category="area_support", name="สนับสนุนพื้นที่", amount_satang=553_000_00
    )
    admin = budgets.add_line(
        budget_id=budget.id,
        category="administration",
        name="บริหารจัดการ",
        amount_satang=147_000_00,
        cap_percent=25,
    )
    db.session.commit()
    return budget, area, admin


def test_a_line_over_its_cap_is_refused(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=s.fund_id,
            name="ปีงบ",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
        budgets.add_line(
            budget_id=budget.id, category="area_support", name="พื้นที่", amount_satang=553_000_00
        )
        db.session.commit()
        with pytest.raises(errors.BudgetCapExceeded):  # 147,000 of 700,000 is 21% > 20%
            budgets.add_line(
                budget_id=budget.id,
                category="administration",
                name="บริหาร",
                amount_satang=147_000_00,
                cap_percent=20,
            )
        db.session.rollback()
        assert len(budgets.lines_of(budget.id)) == 1
        budgets.add_line(
            budget_id=budget.id,
            category="administration",
            name="บริหาร",
            amount_satang=138_000_00,
            cap_percent=20,
        )
        db.session.commit()


@pytest.mark.parametrize("bad", [0, -1, None, "x"])
def test_bad_line_amounts(ctx, make_tenant, make_member, bad):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=s.fund_id,
            name="ปีงบ",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
        with pytest.raises(errors.AmountNotPositive):
            budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=bad)


def test_spending_beyond_a_line_needs_a_budget_change_resolution(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=200_000_00, cash_satang=300_000_00)
    with tenant_context(s.tenant_id):
        budget, area, admin = _budget(s)
        small = budgets.add_line(
            budget_id=budget.id, category="other", name="เล็ก", amount_satang=1_000_00
        )
        db.session.commit()
        approve_budget(s, budget.id)
        d.request(
            fund_id=s.fund_id,
            resolution_id=s.resolution_id,
            amount_satang=800_00,
            purpose="x",
            target_type="test.thing",
            target_id=1,
            requested_by=s.manager.id,
            budget_line_id=small.id,
        )
        db.session.commit()
        with pytest.raises(errors.BudgetLineExceeded):
            d.request(
                fund_id=s.fund_id,
                resolution_id=s.resolution_id,
                amount_satang=500_00,
                purpose="x",
                target_type="test.thing",
                target_id=1,
                requested_by=s.manager.id,
                budget_line_id=small.id,
            )
        db.session.rollback()
        change = governance.create_resolution(
            meeting_id=s.meeting_id,
            kind="budget_change",
            amount_cap_satang=200_00,
            purpose="เพิ่มวงเงิน",
            valid_until=ledger.today() + timedelta(days=30),
        )
        db.session.commit()
        with pytest.raises(errors.ResolutionExhausted):  # 300 over the line, the change allows 200
            d.request(
                fund_id=s.fund_id,
                resolution_id=s.resolution_id,
                amount_satang=500_00,
                purpose="x",
                target_type="test.thing",
                target_id=1,
                requested_by=s.manager.id,
                budget_line_id=small.id,
                overspend_resolution_id=change.id,
            )
        db.session.rollback()
        dis = d.request(
            fund_id=s.fund_id,
            resolution_id=s.resolution_id,
            amount_satang=400_00,
            purpose="x",
            target_type="test.thing",
            target_id=1,
            requested_by=s.manager.id,
            budget_line_id=small.id,
            overspend_resolution_id=change.id,
        )
        db.session.commit()
        assert dis.overspend_satang == 200_00
        assert db.session.get(type(change), change.id).used_satang == 200_00
        # a rejection gives back the line and both resolutions
        d.reject(dis.id, user_id=s.signatories[0].id, reason="ไม่จำเป็น")
        db.session.commit()
        db.session.refresh(change)
        db.session.refresh(small)
        assert change.used_satang == 0 and small.spent_satang == 800_00


def test_the_cap_holds_even_with_a_resolution(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=500_000_00, cash_satang=800_000_00)
    with tenant_context(s.tenant_id):
        budget, area, admin = _budget(s)  # admin capped at 25% of 700,000 = 175,000
        approve_budget(s, budget.id)
        change = governance.create_resolution(
            meeting_id=s.meeting_id,
            kind="budget_change",
            amount_cap_satang=100_000_00,
            purpose="เพิ่ม",
            valid_until=ledger.today() + timedelta(days=30),
        )
        db.session.commit()
        with pytest.raises(errors.BudgetCapExceeded):
            d.request(
                fund_id=s.fund_id,
                resolution_id=s.resolution_id,
                amount_satang=176_000_00,
                purpose="x",
                target_type="test.thing",
                target_id=1,
                requested_by=s.manager.id,
                budget_line_id=admin.id,
                overspend_resolution_id=change.id,
            )
        db.session.rollback()
        d.request(
            fund_id=s.fund_id,
            resolution_id=s.resolution_id,
            amount_satang=175_000_00,
            purpose="x",
            target_type="test.thing",
            target_id=1,
            requested_by=s.manager.id,
            budget_line_id=admin.id,
            overspend_resolution_id=change.id,
        )
        db.session.commit()


def test_budget_against_actual(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=100_000_00, cash_satang=100_000_00)
    with tenant_context(s.tenant_id):
        budget, area, admin = _budget(s)
        approve_budget(s, budget.id)
        paid = d.request(
            fund_id=s.fund_id,
            resolution_id=s.resolution_id,
            amount_satang=10_000_00,
            purpose="x",
            target_type="test.thing",
            target_id=1,
            requested_by=s.manager.id,
            budget_line_id=area.id,
        )
        d.request(
            fund_id=s.fund_id,
            resolution_id=s.resolution_id,
            amount_satang=5_000_00,
            purpose="y",
            target_type="test.thing",
            target_id=2,
            requested_by=s.manager.id,
            budget_line_id=area.id,
        )
        db.session.commit()
        d.approve(paid.id, user_id=s.signatories[0].id)
        d.approve(paid.id, user_id=s.signatories[1].id)
        db.session.commit()
        report = budgets.versus_actual(budget.id)
        row = report["rows"][0]
        assert (row["budgeted"], row["committed"], row["actual"]) == (
            553_000_00,
            15_000_00,
            10_000_00,
        )
        assert report["total"] == 700_000_00


def test_a_line_of_another_fund_is_refused(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    other = setup_fund(make_tenant, make_member, tenant=s.tenant, name="อื่น")
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=other.fund_id,
            name="อื่น",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
        line = budgets.add_line(
            budget_id=budget.id, category="other", name="x", amount_satang=1_000_00
        )
        db.session.commit()
        with pytest.raises(errors.BudgetLineOfAnotherFund):
            d.request(
                fund_id=s.fund_id,
                resolution_id=s.resolution_id,
                amount_satang=100_00,
                purpose="x",
                target_type="test.thing",
                target_id=1,
                requested_by=s.manager.id,
                budget_line_id=line.id,
            )
