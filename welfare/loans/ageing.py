"""Ageing buckets and portfolio at risk.

A loan's days past due are counted from the due date of its oldest installment
not fully paid; its whole outstanding principal sits in that bucket (the
microfinance convention behind PAR30 and PAR90). The pure functions here
define the numbers; :mod:`welfare.loans.queries` computes the same in one
set-based SQL statement.
"""

from __future__ import annotations

from datetime import date

BUCKETS = ("current", "1-30", "31-60", "61-90", "over_90")


def bucket(days_past_due: int) -> str:
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "1-30"
    if days_past_due <= 60:
        return "31-60"
    if days_past_due <= 90:
        return "61-90"
    return "over_90"


def days_past_due(oldest_unpaid_due: date | None, as_of: date) -> int:
    if oldest_unpaid_due is None:
        return 0
    return max(0, (as_of - oldest_unpaid_due).days)


def report(loans: list[tuple[int, int]]) -> dict:
    """``loans`` are (outstanding principal, days past due) of active loans."""
    buckets = {name: {"loans": 0, "outstanding": 0} for name in BUCKETS}
    total = par30 = par90 = 0
    for outstanding, dpd in loans:
        b = buckets[bucket(dpd)]
        b["loans"] += 1
        b["outstanding"] += outstanding
        total += outstanding
        if dpd > 30:
            par30 += outstanding
        if dpd > 90:
            par90 += outstanding
    return {
        "buckets": buckets,
        "outstanding": total,
        "par30": par30,
        "par90": par90,
        "par30_ratio": ratio(par30, total),
        "par90_ratio": ratio(par90, total),
    }


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
