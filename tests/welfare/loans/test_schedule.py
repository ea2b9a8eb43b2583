"""Schedule math, allocation order and PAR as pure functions (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from welfare.loans import ageing, allocation, schedule
from welfare.loans.schedule import BAHT, ScheduleError, Terms

terms_strategy = (
    st.builds(
        Terms,
        principal=st.integers(min_value=26_000, max_value=500_000_000),
        method=st.sampled_from(schedule.METHODS),
        annual_rate_bp=st.integers(min_value=0, max_value=3_600),
        fee=st.integers(min_value=0, max_value=500_000),
        term=st.integers(min_value=1, max_value=260),
        frequency=st.sampled_from(schedule.FREQUENCIES),
        grace=st.integers(min_value=0, max_value=24),
    )
    .filter(lambda t: t.principal >= t.term * BAHT)
    .map(
        lambda t: Terms(
            t.principal,
            t.method,
            0 if t.method == "zero" else t.annual_rate_bp,
            t.fee,
            t.term,
            t.frequency,
            t.grace,
        )
    )
)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=300, deadline=None)
@given(terms_strategy, dates)
def test_installments_sum_to_principal_fee_and_interest(terms, disbursed_on):
    lines = schedule.build(terms, disbursed_on)
    totals = schedule.totals(lines)
    assert len(lines) == terms.term
    assert totals["principal"] == terms.principal
    assert totals["fee"] == terms.fee
    if terms.method == "zero":
        assert totals["interest"] == 0
    if terms.method == "flat":
        assert totals["interest"] == schedule.flat_interest(terms)
    assert totals["total"] == terms.principal + terms.fee + totals["interest"]
    assert lines[-1].balance_after == 0


@settings(max_examples=300, deadline=None)
@given(terms_strategy, dates)
def test_every_installment_but_the_last_is_whole_baht(terms, disbursed_on):
    lines = schedule.build(terms, disbursed_on)
    for line in lines[:-1]:
        assert line.total % BAHT == 0
        assert line.principal % BAHT == 0 and line.interest % BAHT == 0 and line.fee % BAHT == 0
    for line in lines:
        assert line.principal >= 0 and line.interest >= 0 and line.fee >= 0
    balances = [terms.principal] + [line.balance_after for line in lines]
    assert all(a >= b for a, b in zip(balances, balances[1:], strict=False))


@settings(max_examples=200, deadline=None)
@given(terms_strategy, dates)
def test_grace_delays_the_first_installment(terms, disbursed_on):
    lines = schedule.build(terms, disbursed_on)
    assert lines[0].due_on == schedule.add_periods(disbursed_on, terms.frequency, terms.grace + 1)
    assert all(a.due_on < b.due_on for a, b in zip(lines, lines[1:], strict=False))
    assert lines[0].due_on > disbursed_on


@settings(max_examples=200, deadline=None)
@given(terms_strategy.filter(lambda t: t.method == "declining" and t.term > 2), dates)
def test_declining_interest_follows_the_balance(terms, disbursed_on):
    # each period's interest is the period rate on the balance before it,
    # within the baht that drift-free rounding may move
    lines = schedule.build(terms, disbursed_on)
    rate = schedule.period_rate(terms)
    for line in lines[1:]:
        balance_before = line.balance_after + line.principal
        assert abs(line.interest - balance_before * rate) < 3 * BAHT
    # level installments: the middle ones differ by at most one baht
    middle = [line.total for line in lines[1:-1]]
    assert max(middle) - min(middle) <= BAHT


def test_flat_example():
    # 10,000 baht, 12 % a year flat, 12 months: 1,200 baht interest, 100 a month
    lines = schedule.build(
        Terms(1_000_000, "flat", 1200, 5_000, 12, "monthly", 0), date(2026, 1, 31)
    )
    assert [line.total for line in lines[:3]] == [98_300, 93_300, 93_400]  # 933.33 a month
    assert lines[0].due_on == date(2026, 2, 28)
    assert lines[1].due_on == date(2026, 3, 31)
    assert schedule.totals(lines)["interest"] == 120_000


def test_zero_interest_spread_without_drift():
    lines = schedule.build(Terms(1_000_050, "zero", 0, 0, 3, "weekly", 1), date(2026, 1, 1))
    assert [line.principal for line in lines] == [333_300, 333_400, 333_350]
    assert lines[0].due_on == date(2026, 1, 15)


def test_satang_fee_goes_to_the_last_installment():
    lines = schedule.build(Terms(300_000, "zero", 0, 2_550, 3, "monthly", 0), date(2026, 1, 1))
    assert lines[0].fee == 2_500 and lines[-1].fee == 50


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (Terms(0), "principal"),
        (Terms(-100), "principal"),
        (Terms(500, term=12), "principal"),
        (Terms(100_000, fee=-1), "fee"),
        (Terms(100_000, term=0), "term"),
        (Terms(100_000, grace=-1), "grace"),
        (Terms(100_000, method="compound"), "method"),
        (Terms(100_000, frequency="daily"), "frequency"),
        (Terms(100_000, method="flat", annual_rate_bp=-5), "rate"),
        (Terms(100_000, method="zero", annual_rate_bp=100), "rate"),
    ],
)
def test_bad_terms_are_refused(terms, field):
    with pytest.raises(ScheduleError) as info:
        schedule.build(terms, date(2026, 1, 1))
    assert info.value.field == field


# --- allocation ---------------------------------------------------------------

owed_strategy = st.lists(
    st.tuples(st.integers(0, 5_000), st.integers(0, 50_000), st.integers(0, 500_000)),
    min_size=1,
    max_size=8,
)


def _owed(rows):
    start = date(2026, 1, 1)
    return [
        allocation.Owed(i + 1, i + 1, start + timedelta(days=30 * i), f, n, p)
        for i, (f, n, p) in enumerate(rows)
    ]


@given(
    owed_strategy,
    st.integers(1, 2_000_000),
    st.permutations(allocation.COMPONENTS),
    st.sampled_from(allocation.STRATEGIES),
)
def test_allocation_never_exceeds_what_is_owed(rows, amount, order, strategy):
    owed = _owed(rows)
    shares, left = allocation.allocate(amount, owed, tuple(order), strategy)
    total_owed = sum(f + n + p for f, n, p in rows)
    assert sum(s.amount for s in shares) + left == amount
    assert left == max(0, amount - total_owed)
    by_item = {}
    for s in shares:
        by_item[(s.installment_id, s.component)] = (
            by_item.get((s.installment_id, s.component), 0) + s.amount
        )
    for o in owed:
        for c in allocation.COMPONENTS:
            assert by_item.get((o.installment_id, c), 0) <= getattr(o, c)


def test_allocation_order_by_installment():
    owed = _owed([(100, 200, 1_000), (100, 200, 1_000)])
    shares, left = allocation.allocate(1_400, owed, ("fee", "interest", "principal"), "installment")
    assert [(s.installment_id, s.component, s.amount) for s in shares] == [
        (1, "fee", 100),
        (1, "interest", 200),
        (1, "principal", 1_000),
        (2, "fee", 100),
    ]
    assert left == 0


def test_allocation_order_by_component():
    owed = _owed([(100, 200, 1_000), (100, 200, 1_000)])
    shares, _ = allocation.allocate(700, owed, ("fee", "interest", "principal"), "component")
    assert [(s.installment_id, s.component, s.amount) for s in shares] == [
        (1, "fee", 100),
        (2, "fee", 100),
        (1, "interest", 200),
        (2, "interest", 200),
        (1, "principal", 100),
    ]


def test_allocation_principal_first_order():
    owed = _owed([(100, 200, 1_000)])
    shares, _ = allocation.allocate(1_050, owed, ("principal", "interest", "fee"), "installment")
    assert [(s.component, s.amount) for s in shares] == [("principal", 1_000), ("interest", 50)]


def test_allocation_oldest_first_whatever_the_input_order():
    owed = list(reversed(_owed([(0, 0, 500), (0, 0, 500)])))
    shares, _ = allocation.allocate(500, owed)
    assert shares == [allocation.Share(1, "principal", 500)]


def test_parse_order():
    assert allocation.parse_order(" interest, fee ,principal") == ("interest", "fee", "principal")
    for bad in ("", "fee,fee,principal", "fee,interest", "fee,interest,principal,tip"):
        with pytest.raises(ValueError):
            allocation.parse_order(bad)


# --- ageing and PAR -------------------------------------------------------------


@pytest.mark.parametrize(
    ("dpd", "name"),
    [
        (0, "current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "over_90"),
    ],
)
def test_buckets_edges(dpd, name):
    assert ageing.bucket(dpd) == name


def test_par_report():
    result = ageing.report([(1_000, 0), (2_000, 10), (3_000, 31), (4_000, 91)])
    assert result["outstanding"] == 10_000
    assert result["par30"] == 7_000 and result["par90"] == 4_000
    assert result["par30_ratio"] == 0.7 and result["par90_ratio"] == 0.4
    assert result["buckets"]["1-30"] == {"loans": 1, "outstanding": 2_000}
    assert ageing.report([])["par30_ratio"] == 0.0


@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 400)), max_size=50))
def test_par90_never_above_par30(loans):
    result = ageing.report(loans)
    assert result["par90"] <= result["par30"] <= result["outstanding"]
    assert sum(b["outstanding"] for b in result["buckets"].values()) == result["outstanding"]


def test_days_past_due():
    assert ageing.days_past_due(None, date(2026, 1, 1)) == 0
    assert ageing.days_past_due(date(2026, 1, 10), date(2026, 1, 1)) == 0
    assert ageing.days_past_due(date(2026, 1, 1), date(2026, 2, 1)) == 31
