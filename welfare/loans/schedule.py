"""Repayment schedules as pure functions: no database, no clock.

Money is integer satang. Every installment but the last is a whole number of
baht; the last one carries the principal's satang. The exact schedule is
computed first and rounded without drift (see :func:`_rounded`): each
installment is within one baht of the exact one, and total interest is the
exact total rounded *down* to whole baht, so rounding never favours the fund.

Definitions (``periods`` = ``grace + term``; a period is a week or a month):

- **zero**: no interest; principal spread evenly.
- **flat**: interest = principal × annual rate × periods / periods-per-year,
  spread evenly over the ``term`` installments with the principal.
- **declining**: the level annuity payment (``pmt``) over ``term`` periods,
  split into interest on the outstanding balance and principal (``ipmt`` and
  ``ppmt``). Interest of the grace periods (on the whole principal) is charged
  with the first installment.

Grace: no installment falls due in the first ``grace`` periods; installment
``k`` (1-based) is due ``grace + k`` periods after disbursement. The fee is
charged with the first installment.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

METHODS = ("zero", "flat", "declining")
FREQUENCIES = ("weekly", "monthly")
PERIODS_PER_YEAR = {"weekly": 52, "monthly": 12}
BAHT = 100
MAX_TERM = 260
MAX_GRACE = 24
MAX_RATE_BP = 10_000  # 100 % a year


class ScheduleError(ValueError):
    """Terms that cannot make a schedule; ``field`` names the culprit."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Terms:
    principal: int  # satang
    method: str = "zero"
    annual_rate_bp: int = 0  # basis points a year: 1200 = 12 %
    fee: int = 0  # satang, charged with the first installment
    term: int = 12  # number of installments
    frequency: str = "monthly"
    grace: int = 0  # periods before the first installment


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    due_on: date
    principal: int
    interest: int
    fee: int
    balance_after: int  # principal still outstanding after this installment

    @property
    def total(self) -> int:
        return self.principal + self.interest + self.fee


def check(terms: Terms) -> None:
    """Raise :class:`ScheduleError` for terms that make no sense."""
    if terms.method not in METHODS:
        raise ScheduleError("Unknown interest method", "method")
    if terms.frequency not in FREQUENCIES:
        raise ScheduleError("Choose weekly or monthly", "frequency")
    if not 1 <= terms.term <= MAX_TERM:
        raise ScheduleError("The term must be between 1 and 260 installments", "term")
    if not 0 <= terms.grace <= MAX_GRACE:
        raise ScheduleError("Grace must be between 0 and 24 periods", "grace")
    if terms.principal <= 0:
        raise ScheduleError("The amount must be more than zero", "principal")
    if terms.principal < terms.term * BAHT:
        raise ScheduleError("The amount must be at least one baht per installment", "principal")
    if terms.fee < 0:
        raise ScheduleError("The fee cannot be negative", "fee")
    if not 0 <= terms.annual_rate_bp <= MAX_RATE_BP:
        raise ScheduleError("The interest rate must be between 0 and 100 percent a year", "rate")
    if terms.method == "zero" and terms.annual_rate_bp:
        raise ScheduleError("A zero-interest product has no rate", "rate")


def add_periods(start: date, frequency: str, n: int) -> date:
    """``start`` moved ``n`` weeks or months; a month end is kept within the
    month (31 Jan + 1 month = 28 or 29 Feb)."""
    if frequency == "weekly":
        return start + timedelta(weeks=n)
    months = start.month - 1 + n
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def due_dates(disbursed_on: date, frequency: str, term: int, grace: int = 0) -> list[date]:
    return [add_periods(disbursed_on, frequency, grace + k) for k in range(1, term + 1)]


def _floor_baht(value: Fraction) -> int:
    """An exact satang amount rounded down to whole baht, in satang."""
    return int(value // BAHT) * BAHT


def period_rate(terms: Terms) -> Fraction:
    """The interest rate of one period, exactly (a fraction, never a float)."""
    return Fraction(terms.annual_rate_bp, 10_000 * PERIODS_PER_YEAR[terms.frequency])


def flat_interest(terms: Terms) -> int:
    """Total interest of a flat-rate loan, rounded down to whole baht."""
    if terms.method != "flat":
        return 0
    periods = terms.grace + terms.term
    return _floor_baht(terms.principal * period_rate(terms) * periods)


def exact(terms: Terms) -> list[tuple[Fraction, Fraction]]:
    """The unrounded (principal, interest) of each installment, in satang, as
    exact fractions (so a total that is a whole baht stays one).

    Declining: the level annuity payment split into interest on the balance
    and principal; the interest of the grace periods (on the whole principal,
    not compounded) is added to the first installment. Flat: principal and
    interest spread evenly. Zero: principal spread evenly."""
    n, principal = terms.term, Fraction(terms.principal)
    rate = period_rate(terms)
    if terms.method != "declining" or not rate:
        interest = Fraction(0)
        if terms.method == "flat":
            interest = principal * rate * (terms.grace + n)
        return [(principal / n, interest / n)] * n
    payment = principal * rate / (1 - (1 + rate) ** -n)
    lines, balance = [], principal
    for k in range(n):
        interest = balance * rate
        part = payment - interest
        balance -= part
        if k == 0:
            interest += principal * rate * terms.grace
        lines.append((part, interest))
    return lines


def build(terms: Terms, disbursed_on: date) -> list[Line]:
    """The schedule of a loan disbursed on ``disbursed_on``."""
    check(terms)
    dates = due_dates(disbursed_on, terms.frequency, terms.term, terms.grace)
    return _last_absorbs_fee(_rounded(terms, exact(terms), dates))


def _rounded(terms: Terms, lines: list[tuple[Fraction, Fraction]], dates: list[date]) -> list[Line]:
    """Round the exact schedule to whole baht without drift: the running totals
    (installments, interest) are rounded down, and each line is the difference
    of two running totals. So every installment is within one baht of the
    exact one, total interest is the exact total rounded down to the baht, and
    the borrower never pays more interest than the exact schedule."""
    n, principal = len(lines), terms.principal
    total_interest = _floor_baht(sum((i for _, i in lines), Fraction(0)))
    out: list[Line] = []
    run_total = run_interest = paid_principal = 0
    exact_total = exact_interest = Fraction(0)
    for k, ((part, interest), due) in enumerate(zip(lines, dates, strict=True)):
        exact_total += part + interest
        exact_interest += interest
        if k == n - 1:
            new_total, new_interest = principal + total_interest, total_interest
        else:
            new_total = _floor_baht(exact_total)
            step = new_total - run_total
            left = principal - paid_principal
            lo = run_interest + max(0, step - left)
            new_interest = min(max(_floor_baht(exact_interest), lo), run_interest + step)
        line_interest = new_interest - run_interest
        line_principal = (new_total - run_total) - line_interest
        paid_principal += line_principal
        run_total, run_interest = new_total, new_interest
        fee = terms.fee if k == 0 else 0
        out.append(Line(k + 1, due, line_principal, line_interest, fee, principal - paid_principal))
    return out


def _last_absorbs_fee(lines: list[Line]) -> list[Line]:
    """A fee with satang would make the first installment uneven: move its
    satang to the last installment."""
    first = lines[0]
    odd = first.fee % BAHT
    if not odd or len(lines) == 1:
        return lines
    lines[0] = Line(
        first.number,
        first.due_on,
        first.principal,
        first.interest,
        first.fee - odd,
        first.balance_after,
    )
    last = lines[-1]
    lines[-1] = Line(
        last.number, last.due_on, last.principal, last.interest, last.fee + odd, last.balance_after
    )
    return lines


def totals(lines: list[Line]) -> dict[str, int]:
    return {
        "principal": sum(line.principal for line in lines),
        "interest": sum(line.interest for line in lines),
        "fee": sum(line.fee for line in lines),
        "total": sum(line.total for line in lines),
    }


def reschedule(outstanding: int, terms: Terms, start_on: date) -> list[Line]:
    """A new schedule for ``outstanding`` principal from ``start_on`` under
    ``terms`` (whose own principal is ignored). No new fee."""
    new = Terms(
        principal=outstanding,
        method=terms.method,
        annual_rate_bp=terms.annual_rate_bp,
        fee=0,
        term=terms.term,
        frequency=terms.frequency,
        grace=terms.grace,
    )
    return build(new, start_on)
