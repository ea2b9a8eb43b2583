"""Reschedules that do not overcharge and do not hide lateness: only interest
and fees already due carry over, no period is charged twice, the total is
shown before and after, and PAR keeps counting a restructured loan until it
has paid on time."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from core.db import db
from core.errors import DomainError
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.factories.welfare import make_loan
from tests.welfare.loans.conftest import resolution
from welfare.loans import errors, lifecycle, queries, repayments, restructure, schedule, services
from welfare.loans.schedule import BAHT, Terms
from welfare.models.governance import Resolution
from welfare.models.loans import Installment, LoanReschedule

# --- the rule as pure functions ----------------------------------------------------

old_terms = st.builds(
    Terms,
    principal=st.integers(50_000, 50_000_000),
    method=st.sampled_from(("flat", "declining")),
    annual_rate_bp=st.integers(1, 3_600),
    fee=st.integers(0, 50_000),
    term=st.integers(1, 36),
    frequency=st.sampled_from(schedule.FREQUENCIES),
    grace=st.integers(0, 3),
).filter(lambda t: t.principal >= t.term * BAHT)


@st.composite
def situations(draw):
    terms = draw(old_terms)
    disbursed_on = date(2026, 1, 15)
    lines = schedule.build(terms, disbursed_on)
    today = disbursed_on + timedelta(days=draw(st.integers(0, 40 * terms.term)))
    paid_count = draw(st.integers(0, len(lines) - 1))
    old, outstanding = [], 0
    for k, line in enumerate(lines):
        if k < paid_count:
            old.append(
                restructure.Old(
                    line.due_on, line.interest, line.interest, line.fee, line.fee, False
                )
            )
            continue
        # a partial payment here and there, due or not (paid ahead)
        interest_paid = draw(st.integers(0, line.interest))
        fee_paid = draw(st.integers(0, line.fee))
        # arrears carried onto it by an earlier reschedule
        arrears = (draw(st.integers(0, line.interest)), draw(st.integers(0, line.fee)))
        old.append(
            restructure.Old(
                line.due_on, line.interest, interest_paid, line.fee, fee_paid, True, *arrears
            )
        )
        outstanding += line.principal
    new = Terms(
        outstanding,
        terms.method,
        terms.annual_rate_bp,
        0,
        draw(st.integers(1, 48)),
        terms.frequency,
        draw(st.integers(0, 6)),
    )
    starts_on = today + timedelta(days=draw(st.integers(-60, 60)))
    return outstanding, old, new, starts_on, disbursed_on, today


@settings(max_examples=400, deadline=None)
@given(situations())
def test_a_reschedule_never_costs_more_than_the_new_terms_own_interest(situation):
    outstanding, old, new, starts_on, disbursed_on, today = situation
    if outstanding < new.term * BAHT:
        return
    through = restructure.interest_through(old, disbursed_on, today)
    if starts_on < through:
        # a period whose interest is already due would be charged twice
        with pytest.raises(schedule.ScheduleError) as info:
            restructure.plan(
                outstanding, old, new, starts_on=starts_on, version_start=disbursed_on, today=today
            )
        assert info.value.field == "starts_on"
        return
    plan = restructure.plan(
        outstanding, old, new, starts_on=starts_on, version_start=disbursed_on, today=today
    )
    arrears_interest, arrears_fee, credit = restructure.carried(old, today)
    arrears = arrears_interest + arrears_fee
    due = [o for o in old if o.open and o.due_on <= today]
    assert arrears >= sum(o.interest_due - o.interest_paid + o.fee_due - o.fee_paid for o in due)
    own_interest = schedule.totals(schedule.build(new, starts_on))["interest"]
    assert plan.new_interest == own_interest
    assert plan.total_after <= outstanding + arrears + own_interest
    assert plan.total_after == outstanding + max(0, arrears + own_interest - credit)
    assert sum(line.principal for line in plan.lines) == outstanding
    assert all(line.interest >= 0 and line.fee >= 0 for line in plan.lines)
    # never more than the old contract's remaining interest and fees that fell due
    # plus interest for the new periods only
    assert plan.lines[0].due_on > starts_on >= through


# --- on the database: the issue's loan -------------------------------------------


def _overdue(world, loan, days_late: int) -> None:
    """Move the loan back in time so its first installment is ``days_late``
    days late and the second 30 days less."""
    today = ledger.today()
    items = services.installments(loan.id)
    loan.disbursed_on = today - timedelta(days=days_late + 30)
    for k, item in enumerate(items):
        item.due_on = today - timedelta(days=days_late - 30 * k)
    db.session.flush()


@pytest.fixture
def flat_world(make_world):
    # 4,000 baht, 6 % a year flat, 12 months, a 20-baht fee
    return make_world(method="flat", rate=600, fee=2_000, term=12)


def test_the_issues_loan_owes_only_the_new_interest_more(flat_world):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        assert repayments.total_owed(loan) == 426_000
        res = resolution(world, "reschedule", 10**8)
        before_rows = db.session.scalar(sa.select(sa.func.count()).select_from(Installment))
        shown = lifecycle.preview(loan.id, term=12, starts_on=ledger.today())
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Installment)) == before_rows
        # two installments' interest (2 x 20) and the fee (20) were due; the new
        # 12 months cost their own 240 baht of interest, and nothing else
        assert (shown["carried_interest"], shown["carried_fee"]) == (4_000, 2_000)
        assert shown["new_interest"] == 24_000
        assert shown["total_before"] == 426_000 and shown["total_after"] == 430_000
        change = lifecycle.reschedule(
            loan.id, resolution_id=res.id, reason="น้ำท่วม", term=12, starts_on=ledger.today()
        )
        assert repayments.total_owed(loan) == 430_000  # was 450,000: all interest twice
        assert (change.total_before_satang, change.total_after_satang) == (426_000, 430_000)
        assert change.days_past_due == 39
        # the lateness stays on record: the replaced installments keep their dates
        old = db.session.scalars(
            sa.select(Installment).where(Installment.loan_id == loan.id, Installment.version == 1)
        ).all()
        assert len(old) == 12 and {i.status for i in old} == {"rescheduled"}
        assert min(i.due_on for i in old) == ledger.today() - timedelta(days=39)


def test_a_period_already_due_cannot_be_charged_again(flat_world):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        res = resolution(world, "reschedule", 10**8)
        db.session.commit()
        # the second installment fell due 9 days ago: starting before then would
        # charge its month's interest twice
        with pytest.raises(errors.RescheduleOverlaps) as info:
            lifecycle.reschedule(
                loan.id,
                resolution_id=res.id,
                reason="x",
                term=12,
                starts_on=ledger.today() - timedelta(days=10),
            )
        assert info.value.field == "starts_on"
        db.session.rollback()
        assert db.session.get(Resolution, res.id).used_satang == 0
        assert services.get_loan(loan.id).schedule_version == 1
        lifecycle.reschedule(
            loan.id,
            resolution_id=res.id,
            reason="x",
            term=12,
            starts_on=ledger.today() - timedelta(days=9),
        )


def test_rescheduling_twice_the_same_day_adds_no_interest_twice(flat_world):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        res = resolution(world, "reschedule", 10**8)
        lifecycle.reschedule(
            loan.id, resolution_id=res.id, reason="x", term=12, starts_on=ledger.today()
        )
        first = repayments.total_owed(loan)
        lifecycle.reschedule(
            loan.id, resolution_id=res.id, reason="y", term=12, starts_on=ledger.today()
        )
        assert repayments.total_owed(loan) == first == 430_000
        again = db.session.scalars(sa.select(LoanReschedule).order_by(LoanReschedule.id)).all()[-1]
        assert again.days_past_due == 39  # still restructured: the lateness is kept


def test_restructured_loan_stays_in_par_until_paid_on_time(flat_world):
    world = flat_world
    with tenant_context(world.tenant.id):
        late = make_loan(world, principal=400_000)
        make_loan(world, principal=1_000_000)  # current
        _overdue(world, late, 39)
        today = ledger.today()
        before = queries.par_report(today, fund_id=world.fund.id)
        assert before["par30"] == 400_000
        res = resolution(world, "reschedule", 10**8)
        lifecycle.reschedule(late.id, resolution_id=res.id, reason="x", term=12, starts_on=today)
        after = queries.par_report(today, fund_id=world.fund.id)
        assert after["par30_ratio"] == before["par30_ratio"]
        assert after["buckets"]["31-60"] == {"loans": 1, "outstanding": 400_000}
        assert after["restructured"] == {"loans": 1, "outstanding": 400_000}
        items = services.installments(late.id)
        for n in range(restructure.RESTRUCTURED_ON_TIME_PAYMENTS):
            assert queries.par_report(today, fund_id=world.fund.id)["par30"] > 0, n
            repayments.record_repayment(
                loan_id=late.id,
                amount_satang=items[n].remaining,
                method="cash",
                token=secrets.token_hex(8),
                actor_id=None,
            )
        cured = queries.par_report(today, fund_id=world.fund.id)
        assert cured["par30"] == 0 and cured["restructured"]["loans"] == 0


def test_late_payments_on_the_new_schedule_do_not_cure_it(flat_world):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        today = ledger.today()
        res = resolution(world, "reschedule", 10**8)
        lifecycle.reschedule(loan.id, resolution_id=res.id, reason="x", term=12, starts_on=today)
        items = services.installments(loan.id)
        for item in items[:3]:
            item.due_on = today - timedelta(days=1)  # paid, but a day late
        db.session.flush()
        amount = sum(i.remaining for i in items[:3])
        repayments.record_repayment(
            loan_id=loan.id,
            amount_satang=amount,
            method="cash",
            token=secrets.token_hex(8),
            actor_id=None,
        )
        assert queries.par_report(today, fund_id=world.fund.id)["restructured"]["loans"] == 1


@pytest.mark.parametrize(
    ("kw", "error", "field"),
    [
        ({"term": 0}, errors.BadTerms, "term"),
        ({"term": -3}, errors.BadTerms, "term"),
        ({"term": "12"}, errors.BadTerms, "term"),
        ({"grace": -1}, errors.BadTerms, "grace"),
        ({"starts_on": "2026-01-01"}, errors.BadTerms, "starts_on"),
        ({"starts_on": date(2000, 1, 1)}, errors.DateBeforeDisbursement, "starts_on"),
    ],
)
def test_bad_reschedules_are_refused_and_write_nothing(flat_world, kw, error, field):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        res = resolution(world, "reschedule", 10**8)
        db.session.commit()
        args = {"term": 12, "starts_on": ledger.today(), "grace": 0, **kw}
        with pytest.raises(error) as info:
            lifecycle.reschedule(loan.id, resolution_id=res.id, reason="x", **args)
        assert info.value.field == field
        db.session.rollback()
        assert db.session.get(Resolution, res.id).used_satang == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoanReschedule)) == 0


def test_a_resolution_of_another_fund_cannot_reschedule(flat_world, make_world):
    other = make_world()
    with tenant_context(flat_world.tenant.id):
        loan = make_loan(flat_world, principal=400_000)
        db.session.commit()
    with tenant_context(other.tenant.id):
        foreign = resolution(other, "reschedule", 10**8)
        db.session.commit()
    with tenant_context(flat_world.tenant.id):
        from tests.factories.welfare import make_fund
        from welfare.governance import services as governance

        fund = make_fund(name="กองทุนอื่น", kind="revolving")
        meeting = governance.create_meeting(
            fund_id=fund.id,
            held_on=ledger.today(),
            kind="committee",
            title="อื่น",
            attendee_count=5,
            eligible_count=7,
        )
        sibling = governance.create_resolution(
            meeting_id=meeting.id, kind="reschedule", amount_cap_satang=10**8, purpose="x"
        )
        for resolution_id in (sibling.id, foreign.id):
            with pytest.raises(DomainError) as info:
                lifecycle.reschedule(
                    loan.id,
                    resolution_id=resolution_id,
                    reason="x",
                    term=12,
                    starts_on=ledger.today(),
                )
            assert info.value.field == "resolution_id"
        assert services.get_loan(loan.id).schedule_version == 1


def test_reschedule_form_shows_the_cost_and_refuses_bad_terms_in_thai(flat_world, client):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        res = resolution(world, "reschedule", 10**8)
        db.session.commit()
    client.login(world.manager)
    url = f"/t/{world.tenant.slug}/welfare/loans/{loan.id}/reschedule"
    form = {
        "resolution_id": res.id,
        "term": "12",
        "starts_on": ledger.today().isoformat(),
        "reason": "x",
    }
    shown = client.post(url, data={**form, "preview": "1"})
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'data-test="reschedule-cost"' in page
    assert "4,260" in page and "4,300" in page
    for bad in ({"term": "0"}, {"term": "-1"}, {"grace": "-2"}, {"term": "abc"}):
        response = client.post(url, data={**form, **bad}, headers={"Accept-Language": "th"})
        assert 400 <= response.status_code < 500, bad
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoanReschedule)) == 0


def test_the_api_shows_the_cost_before_a_reschedule(flat_world, client):
    world = flat_world
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=400_000)
        _overdue(world, loan, 39)
        db.session.commit()
    client.login(world.manager)
    url = f"/api/v1/t/{world.tenant.slug}/welfare/loans/{loan.id}/reschedule/preview"
    today = ledger.today().isoformat()
    shown = client.post(url, json={"term": 12, "starts_on": today})
    assert shown.status_code == 200, shown.get_json()
    body = shown.get_json()
    assert (body["total_before"], body["total_after"]) == (426_000, 430_000)
    assert len(body["installments"]) == 12
    for bad in ({"term": 0}, {"term": -1}, {"term": "12"}, {"starts_on": "2000-01-01"}):
        response = client.post(url, json={"term": 12, "starts_on": today, **bad})
        assert response.status_code == 422, bad
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoanReschedule)) == 0
        assert services.get_loan(loan.id).schedule_version == 1
