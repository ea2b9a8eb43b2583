"""Money checked up front: a request the paying account cannot cover is
refused at once with what is available (pending requests count as spent); a
request that still cannot be paid gives back its reservations when rejected;
only a budget approved by a resolution can be charged."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import services as ledger
from core.ledger.errors import InsufficientFunds
from core.tenancy.context import tenant_context
from tests.race import race_all as _race
from tests.welfare.funds.support import approve_budget, setup_fund
from welfare.budgets import services as budgets
from welfare.funds import accounts
from welfare.governance import disbursements as d
from welfare.governance import errors
from welfare.governance import services as governance
from welfare.models.funds import Budget, BudgetLine, Fund
from welfare.models.governance import Disbursement, Resolution


def _request(s, amount, **kw):
    kw.setdefault("purpose", "ค่ารักษาพยาบาล")
    kw.setdefault("target_type", "test.thing")
    kw.setdefault("target_id", 1)
    kw.setdefault("requested_by", s.manager.id)
    kw.setdefault("resolution_id", s.resolution_id)
    return d.request(fund_id=s.fund_id, amount_satang=amount, **kw)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _used(resolution_id) -> int:
    return db.session.scalar(sa.select(Resolution.used_satang).where(Resolution.id == resolution_id))


def test_a_request_beyond_the_money_held_is_refused_with_what_is_available(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=50_000_00, cash_satang=1_000_00)
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.NotEnoughAvailable) as info:
            _request(s, 2_000_00)
        assert info.value.field == "amount"
        assert info.value.params == {"available": "฿1,000.00", "needed": "฿2,000.00"}
        db.session.rollback()
        assert _count(Disbursement) == 0 and _used(s.resolution_id) == 0


def test_pending_requests_count_as_spent_until_rejected(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=50_000_00, cash_satang=1_000_00)
    with tenant_context(s.tenant_id):
        first = _request(s, 600_00)
        db.session.commit()
        with pytest.raises(errors.NotEnoughAvailable) as info:
            _request(s, 500_00)
        assert info.value.params["available"] == "฿400.00"
        db.session.rollback()
        d.reject(first.id, user_id=s.signatories[0].id, reason="ซ้ำ")
        db.session.commit()
        assert _request(s, 1_000_00).status == "pending"  # all of it again


def test_money_in_the_bank_does_not_pay_from_cash(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=50_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        fund = db.session.get(Fund, s.fund_id)
        ledger.post(
            entry_date=ledger.today(),
            memo="grant into the bank",
            idempotency_key=f"bank:{fund.id}",
            lines=[
                (accounts.account(fund, "bank"), 5_000_00),
                (accounts.account(fund, "grant_income"), -5_000_00),
            ],
        )
        db.session.commit()
        with pytest.raises(errors.NotEnoughAvailable):
            _request(s, 100_00, credit_key="cash")
        db.session.rollback()
        _request(s, 5_000_00, credit_key="bank")


def test_a_request_that_cannot_be_paid_gives_back_resolution_and_budget(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00, cash_satang=2_000_00)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=s.fund_id, name="ปีงบ", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
        line = budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=3_000_00)
        db.session.commit()
        approve_budget(s, budget.id)
        dis = _request(s, 2_000_00, budget_line_id=line.id)
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[0].id)
        fund = db.session.get(Fund, s.fund_id)
        ledger.post(  # the cash goes elsewhere before the last signature
            entry_date=ledger.today(),
            memo="deposit",
            idempotency_key=f"deposit:{fund.id}",
            lines=[(accounts.account(fund, "bank"), 1_500_00), (accounts.account(fund, "cash"), -1_500_00)],
        )
        db.session.commit()
        with pytest.raises(InsufficientFunds):
            d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.rollback()
        assert _used(s.resolution_id) == 2_000_00
        d.reject(dis.id, user_id=s.signatories[1].id, reason="เงินสดไม่พอ")
        db.session.commit()
        assert _used(s.resolution_id) == 0
        assert db.session.get(BudgetLine, line.id).spent_satang == 0


def test_a_draft_budget_cannot_be_charged(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00, cash_satang=5_000_00)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=s.fund_id, name="ร่าง", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
        line = budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=3_000_00)
        db.session.commit()
        with pytest.raises(errors.BudgetNotApproved) as info:
            _request(s, 100_00, budget_line_id=line.id)
        assert info.value.field == "budget_line_id"
        db.session.rollback()
        assert _count(Disbursement) == 0 and _used(s.resolution_id) == 0
        assert db.session.get(BudgetLine, line.id).spent_satang == 0


def test_a_budget_is_approved_only_by_a_fitting_resolution_of_its_fund(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member)
    other = setup_fund(make_tenant, make_member, tenant=s.tenant, name="อื่น", kind="budget_change")
    with tenant_context(s.tenant_id):
        empty = budgets.create_budget(
            fund_id=s.fund_id, name="ว่าง", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
        budget = budgets.create_budget(
            fund_id=s.fund_id, name="ปีงบ", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
        budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=3_000_00)
        small = governance.create_resolution(
            meeting_id=s.meeting_id, kind="budget_change", amount_cap_satang=2_999_99, purpose="เล็ก"
        )
        fitting = governance.create_resolution(
            meeting_id=s.meeting_id, kind="budget_change", amount_cap_satang=3_000_00, purpose="งบ"
        )
        db.session.commit()
        for resolution_id, error in [
            (s.resolution_id, errors.ResolutionWrongKind),  # a disbursement resolution
            (other.resolution_id, errors.ResolutionOfAnotherFund),
            (small.id, errors.ResolutionExhausted),
            (999_999, errors.ResolutionNotFound),
        ]:
            with pytest.raises(error):
                budgets.approve_budget(budget.id, resolution_id=resolution_id)
            db.session.rollback()
            assert db.session.get(Budget, budget.id).status == "draft"
        with pytest.raises(errors.BudgetEmpty):
            budgets.approve_budget(empty.id, resolution_id=fitting.id)
        db.session.rollback()
        budgets.approve_budget(budget.id, resolution_id=fitting.id)
        db.session.commit()
        assert db.session.get(Budget, budget.id).resolution_id == fitting.id
        with pytest.raises(budgets.BudgetNotDraft):
            budgets.approve_budget(budget.id, resolution_id=fitting.id)


def test_the_approve_form_needs_a_resolution(ctx, make_tenant, make_member, client):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        budget = budgets.create_budget(
            fund_id=s.fund_id, name="ปีงบ", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
        budgets.add_line(budget_id=budget.id, category="other", name="x", amount_satang=3_000_00)
        db.session.commit()
    client.login(s.manager)
    base = f"/t/{s.tenant.slug}/welfare/budgets/{budget.id}/approve"
    for data in ({}, {"resolution_id": "x"}, {"resolution_id": s.resolution_id}):
        response = client.post(base, data=data)
        assert 400 <= response.status_code < 500, data
    with tenant_context(s.tenant_id):
        assert db.session.get(Budget, budget.id).status == "draft"


@pytest.mark.postgres
def test_two_requests_racing_for_the_last_cash_exactly_one_wins(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=50_000_00, cash_satang=1_000_00)
    with tenant_context(s.tenant_id):
        second = governance.create_resolution(
            meeting_id=s.meeting_id, kind="disbursement", amount_cap_satang=50_000_00, purpose="อีก"
        )
        db.session.commit()
    fund_id, maker = s.fund_id, s.manager.id

    def work(resolution_id):
        return lambda: d.request(
            fund_id=fund_id,
            resolution_id=resolution_id,
            amount_satang=600_00,
            purpose="แข่งกัน",
            target_type="test.thing",
            target_id=1,
            requested_by=maker,
        )

    outcome = _race(app, s.tenant_id, [work(s.resolution_id), work(second.id)])
    assert outcome == Counter({"ok": 1, "NotEnoughAvailable": 1})
    with tenant_context(s.tenant_id):
        db.session.expire_all()
        assert _count(Disbursement) == 1
