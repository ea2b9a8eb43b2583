"""Schedules against the exact ones of numpy-financial: no installment more
than a baht away, totals exact to the baht, and rounding never in the fund's
favour (a borrower is never charged more interest than the exact schedule)."""

from __future__ import annotations

from datetime import date

import numpy_financial as npf
from hypothesis import given, settings
from hypothesis import strategies as st

from welfare.loans import schedule
from welfare.loans.schedule import BAHT, Terms

EPS = 1e-4  # satang: float noise of numpy-financial, not rounding

fair_terms = (
    st.builds(
        Terms,
        principal=st.integers(min_value=10_000, max_value=1_000_000_000),
        method=st.sampled_from(schedule.METHODS),
        annual_rate_bp=st.integers(min_value=1, max_value=schedule.MAX_RATE_BP),
        fee=st.just(0),
        term=st.integers(min_value=1, max_value=schedule.MAX_TERM),
        frequency=st.sampled_from(schedule.FREQUENCIES),
        grace=st.integers(min_value=0, max_value=schedule.MAX_GRACE),
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


def exact_lines(terms: Terms) -> list[tuple[float, float]]:
    """(principal, interest) of each installment from numpy-financial (flat:
    the interest spread evenly), in satang."""
    n, p = terms.term, terms.principal
    rate = terms.annual_rate_bp / 10_000 / schedule.PERIODS_PER_YEAR[terms.frequency]
    if terms.method == "declining":
        per = list(range(1, n + 1))
        principal = [float(x) for x in npf.ppmt(rate, per, n, -p)]
        interest = [float(x) for x in npf.ipmt(rate, per, n, -p)]
        interest[0] += p * rate * terms.grace
        payment = float(npf.pmt(rate, n, -p))
        assert abs(principal[0] + interest[0] - p * rate * terms.grace - payment) < EPS
        return list(zip(principal, interest, strict=True))
    total_interest = p * rate * (terms.grace + n) if terms.method == "flat" else 0.0
    return [(p / n, total_interest / n)] * n


@settings(max_examples=400, deadline=None)
@given(fair_terms)
def test_every_installment_within_a_baht_of_the_exact_schedule(terms):
    lines = schedule.build(terms, date(2026, 1, 31))
    for line, (principal, interest) in zip(lines, exact_lines(terms), strict=True):
        assert abs(line.principal + line.interest - (principal + interest)) < BAHT + EPS
        assert abs(line.interest - interest) < 2 * BAHT + EPS
        assert line.principal >= 0 and line.interest >= 0


@settings(max_examples=400, deadline=None)
@given(fair_terms)
def test_totals_exact_to_the_baht_and_never_in_the_funds_favour(terms):
    lines = schedule.build(terms, date(2026, 1, 31))
    exact_interest = sum(i for _, i in exact_lines(terms))
    charged = schedule.totals(lines)
    assert charged["principal"] == terms.principal
    assert charged["interest"] <= exact_interest + EPS
    assert exact_interest - charged["interest"] < BAHT + EPS
    assert charged["interest"] % BAHT == 0
    for line in lines[:-1]:
        assert line.total % BAHT == 0


def test_the_issues_examples():
    # 1,000 baht over 60 weeks was 59 x 16 then 56: now 16 or 17 each
    weekly = schedule.build(Terms(100_000, "zero", 0, 0, 60, "weekly", 0), date(2026, 1, 1))
    assert {line.total for line in weekly} == {1_600, 1_700}
    assert sum(line.total for line in weekly) == 100_000
    # 500,000 baht at 24 % over 60 months was 59 x 14,383 then 14,493 and 51
    # baht more interest than the exact schedule
    monthly = schedule.build(
        Terms(50_000_000, "declining", 2_400, 0, 60, "monthly", 0), date(2026, 1, 1)
    )
    exact_payment = float(npf.pmt(0.02, 60, -50_000_000))  # 14,383.98 baht
    assert all(abs(line.total - exact_payment) < BAHT for line in monthly)
    assert schedule.totals(monthly)["interest"] == 36_303_800  # 363,038.97 rounded down


def test_flat_interest_is_rounded_down():
    # 1,001 baht at 1 % flat for 1 month: 0.834 baht exact, 0 charged
    terms = Terms(100_100, "flat", 100, 0, 1, "monthly", 0)
    assert schedule.flat_interest(terms) == 0
    # 10,050 baht at 12 % for 12 months: 1,206 exact
    assert schedule.flat_interest(Terms(1_005_000, "flat", 1_200, 0, 12)) == 120_600


def test_interest_that_is_a_whole_baht_is_not_rounded_down_by_a_satang():
    # 5,000,000 baht at 0.03 % flat for 7 months: exactly 875 baht (found by
    # hypothesis when the exact schedule was kept in decimals: 874 was charged)
    flat = Terms(500_000_000, "flat", 3, 0, 6, "monthly", 1)
    assert schedule.totals(schedule.build(flat, date(2026, 1, 1)))["interest"] == 87_500
    # one declining installment at 0.03 %: exactly 125 baht
    one = Terms(500_000_000, "declining", 3, 0, 1, "monthly", 0)
    assert schedule.totals(schedule.build(one, date(2026, 1, 1)))["interest"] == 12_500
