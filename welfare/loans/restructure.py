"""What a reschedule carries over and what it costs, as pure functions (no
database, no clock: ``today`` is an argument).

Fair to the borrower:

- only interest and fees already *due* (on or before today) and unpaid carry
  over, to the new first installment; interest of installments not yet due
  is dropped, because the new schedule charges its own interest from the day
  it starts;
- the new schedule may not start before the end of the last period whose
  interest was already due (``interest_through``), so no period is charged
  twice;
- interest and fees already paid ahead on installments not yet due are
  credited against what the new schedule asks (carried arrears first, then
  the new interest).

So the total after a reschedule is at most the principal still owed, plus
the arrears of interest and fees, plus the new terms' own interest.

Fair to the fund's members: a restructured loan stays *at risk* in PAR with
the lateness it had when rescheduled, until it has paid
:data:`RESTRUCTURED_ON_TIME_PAYMENTS` installments of the new schedule on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from welfare.loans import schedule

# Installments of the new schedule a restructured loan must pay on time
# before PAR stops counting it with the lateness it had when rescheduled.
RESTRUCTURED_ON_TIME_PAYMENTS = 3


@dataclass(frozen=True, slots=True)
class Old:
    """An installment of the schedule being replaced (any status).
    ``arrears_*`` is the part of its interest and fee carried over from an
    earlier schedule: already due, whatever this installment's date."""

    due_on: date
    interest_due: int
    interest_paid: int
    fee_due: int
    fee_paid: int
    open: bool = True
    arrears_interest: int = 0
    arrears_fee: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    lines: list[schedule.Line]
    arrears: list[tuple[int, int]]  # per line: (interest, fee) carried over
    carried_interest: int  # unpaid interest already due
    carried_fee: int  # unpaid fees already due
    credit: int  # interest and fees paid ahead, deducted
    new_interest: int  # the new terms' own interest (before the credit)
    interest_through: date
    total_after: int


def interest_through(old: list[Old], version_start: date, today: date) -> date:
    """The end of the last period whose interest is already due: the latest
    due date on or before ``today`` in the schedule being replaced, or where
    that schedule's own interest started."""
    due = [o.due_on for o in old if o.due_on <= today]
    return max([version_start, *due])


def carried(old: list[Old], today: date) -> tuple[int, int, int]:
    """(interest, fees) already due and unpaid, and what was paid ahead on
    interest and fees not yet due (payments on a line settle its arrears
    first)."""
    interest = fee = credit = 0
    for o in old:
        if not o.open:
            continue
        if o.due_on <= today:
            interest += o.interest_due - o.interest_paid
            fee += o.fee_due - o.fee_paid
            continue
        interest += max(0, o.arrears_interest - o.interest_paid)
        fee += max(0, o.arrears_fee - o.fee_paid)
        credit += max(0, o.interest_paid - o.arrears_interest)
        credit += max(0, o.fee_paid - o.arrears_fee)
    return interest, fee, credit


def plan(
    outstanding: int,
    old: list[Old],
    terms: schedule.Terms,
    *,
    starts_on: date,
    version_start: date,
    today: date,
) -> Plan:
    """The new schedule for ``outstanding`` principal under ``terms`` (whose
    principal and fee are ignored). Raises :class:`schedule.ScheduleError`
    with field ``starts_on`` when the new schedule would charge a period
    twice."""
    through = interest_through(old, version_start, today)
    if starts_on < through:
        raise schedule.ScheduleError("The new schedule starts too early", "starts_on")
    carried_interest, carried_fee, credit = carried(old, today)
    new_terms = schedule.Terms(
        outstanding, terms.method, terms.annual_rate_bp, 0, terms.term, terms.frequency, terms.grace
    )
    lines = schedule.build(new_terms, starts_on)
    new_interest = sum(line.interest for line in lines)
    # what was paid ahead settles the carried fees, then the carried
    # interest, then the new interest from the first installment on
    left = credit
    net_fee = carried_fee - min(left, carried_fee)
    left -= carried_fee - net_fee
    net_interest = carried_interest - min(left, carried_interest)
    left -= carried_interest - net_interest
    lines = _lower_interest(lines, left)
    arrears = _spread(len(lines), net_interest, net_fee)
    lines = [
        _with(line, line.interest + ai, line.fee + af)
        for line, (ai, af) in zip(lines, arrears, strict=True)
    ]
    return Plan(
        lines,
        arrears,
        carried_interest,
        carried_fee,
        credit,
        new_interest,
        through,
        sum(line.total for line in lines),
    )


def _spread(n: int, interest: int, fee: int) -> list[tuple[int, int]]:
    """Arrears onto the first installment in whole baht, satang on the last."""
    out = [[0, 0] for _ in range(n)]
    out[0][0] += interest // 100 * 100
    out[0][1] += fee // 100 * 100
    out[-1][0] += interest % 100
    out[-1][1] += fee % 100
    return [(a, b) for a, b in out]


def _lower_interest(lines: list[schedule.Line], credit: int) -> list[schedule.Line]:
    out = []
    for line in lines:
        interest = max(0, line.interest - credit)
        credit -= line.interest - interest
        out.append(_with(line, interest, line.fee))
    return out


def _with(line: schedule.Line, interest: int, fee: int) -> schedule.Line:
    return schedule.Line(
        line.number, line.due_on, line.principal, interest, fee, line.balance_after
    )
