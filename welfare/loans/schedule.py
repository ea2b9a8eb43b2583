"""Repayment schedules as pure functions: no database, no clock.

Money is integer satang. Every installment but the last is a whole number of
baht; the last one absorbs whatever rounding left over, so the installments
always sum exactly to principal + fee + interest as defined below.

Definitions (``periods`` = ``grace + term``; a period is a week or a month):

- **zero**: no interest.
- **flat**: interest = principal × annual rate × periods / periods-per-year,
  rounded half up to whole baht, spread evenly over the ``term`` installments
  (whole baht each, the last absorbs).
- **declining**: interest of each period = outstanding principal × period rate,
  rounded half up to whole baht. Interest of the grace periods is charged with
  the first installment. Installments are the annuity amount rounded down to
  whole baht (principal = installment − interest); the last one pays what is
  left.

Grace: no installment falls due in the first ``grace`` periods; installment
``k`` (1-based) is due ``grace + k`` periods after disbursement. The fee is
charged with the first installment.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

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


def _round_baht(value: Decimal, rounding=ROUND_HALF_UP) -> int:
    """A satang amount rounded to whole baht, in satang."""
    return int((value / BAHT).quantize(Decimal(1), rounding=rounding)) * BAHT


def period_rate(terms: Terms) -> Decimal:
    return Decimal(terms.annual_rate_bp) / Decimal(10_000) / PERIODS_PER_YEAR[terms.frequency]


def flat_interest(terms: Terms) -> int:
    """Total interest of a flat-rate loan, whole baht."""
    if terms.method != "flat":
        return 0
    periods = terms.grace + terms.term
    return _round_baht(Decimal(terms.principal) * period_rate(terms) * periods)


def _even_shares(total: int, n: int) -> list[int]:
    """``total`` in ``n`` whole-baht shares rounded down; the last absorbs."""
    share = (total // n) // BAHT * BAHT
    return [share] * (n - 1) + [total - share * (n - 1)]


def build(terms: Terms, disbursed_on: date) -> list[Line]:
    """The schedule of a loan disbursed on ``disbursed_on``."""
    check(terms)
    dates = due_dates(disbursed_on, terms.frequency, terms.term, terms.grace)
    if terms.method == "declining":
        return _declining(terms, dates)
    principals = _even_shares(terms.principal, terms.term)
    interests = _even_shares(flat_interest(terms), terms.term)
    lines, balance = [], terms.principal
    for i, due in enumerate(dates):
        balance -= principals[i]
        fee = terms.fee if i == 0 else 0
        lines.append(Line(i + 1, due, principals[i], interests[i], fee, balance))
    return _last_absorbs_fee(lines)


def _declining(terms: Terms, dates: list[date]) -> list[Line]:
    rate = period_rate(terms)
    principal = terms.principal
    with localcontext() as ctx:
        ctx.prec = 40
        if rate:
            annuity = Decimal(principal) * rate / (1 - (1 + rate) ** -terms.term)
        else:
            annuity = Decimal(principal) / terms.term
        payment = _round_baht(annuity, ROUND_FLOOR)
        grace_interest = sum(
            (_round_baht(Decimal(principal) * rate) for _ in range(terms.grace)), 0
        )
        lines, balance = [], principal
        for i, due in enumerate(dates):
            interest = _round_baht(Decimal(balance) * rate)
            if i == len(dates) - 1:
                part = balance
            else:
                part = min(balance // BAHT * BAHT, max(0, payment - interest))
            balance -= part
            extra = grace_interest if i == 0 else 0
            fee = terms.fee if i == 0 else 0
            lines.append(Line(i + 1, due, part, interest + extra, fee, balance))
    return _last_absorbs_fee(lines)


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
