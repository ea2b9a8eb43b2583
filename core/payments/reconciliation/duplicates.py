"""Bank lines that repeat another line of the same account: the same Ref1
and the same amount (a household paying twice, a bank listing a transfer
twice). Reconciliation confirms a payment with the first such line; the
others stay open and the exceptions queue shows them as duplicates, each
with the line it repeats and the payment that line settled, so staff refund
the money or explain it instead of guessing."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.db import db
from core.payments.statements.models import BankAccount, ReconMatch, StatementLine

OPEN_LINE = ("unmatched", "ambiguous")
LIMIT = 200


@dataclass(frozen=True)
class Duplicate:
    line: StatementLine
    first_line_id: int
    payment_id: int | None  # the payment the first line settled, if any


def duplicates(account: BankAccount, limit: int = LIMIT) -> list[Duplicate]:
    """Open lines with an earlier (or already matched) line of the same Ref1 and amount."""
    other = aliased(StatementLine)
    first = sa.func.min(other.id).label("first_line_id")
    rows = db.session.execute(
        sa.select(StatementLine, first)
        .join(other, sa.and_(other.tenant_id == StatementLine.tenant_id,
                             other.bank_account_id == StatementLine.bank_account_id,
                             other.ref1 == StatementLine.ref1, other.amount == StatementLine.amount,
                             other.id != StatementLine.id,
                             sa.or_(other.id < StatementLine.id, other.status == "matched")))
        .where(StatementLine.bank_account_id == account.id, StatementLine.status.in_(OPEN_LINE),
               StatementLine.ref1.is_not(None))
        .group_by(StatementLine.id)
        .order_by(StatementLine.line_date, StatementLine.id).limit(limit)
    ).all()
    firsts = [first_id for _, first_id in rows]
    paid: dict[int, int] = dict(db.session.execute(
        sa.select(ReconMatch.statement_line_id, ReconMatch.payment_id)
        .where(ReconMatch.statement_line_id.in_(firsts))
    ).tuples().all()) if firsts else {}
    return [Duplicate(line, first_id, paid.get(first_id)) for line, first_id in rows]
