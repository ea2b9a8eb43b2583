"""Read side of the ledger: balances rebuilt from the journal, trial balance,
account statements with a running balance, and the check that stored
balances equal the journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.db import db
from core.ledger.models import Account, JournalEntry, JournalLine, PeriodClose
from core.paging import Page, paginate

STATEMENT_PAGE = 50


def _natural(account: Account, signed: int) -> int:
    return account.natural(int(signed or 0))


def balance(account: Account, as_of: date | None = None) -> int:
    """The account's balance in its natural sign, summed from the journal."""
    stmt = sa.select(sa.func.coalesce(sa.func.sum(JournalLine.amount), 0)).where(
        JournalLine.account_id == account.id
    )
    if as_of is not None:
        stmt = stmt.join(
            JournalEntry,
            sa.and_(JournalEntry.id == JournalLine.entry_id, JournalEntry.tenant_id == JournalLine.tenant_id),
        ).where(JournalEntry.entry_date <= as_of)
    return _natural(account, db.session.scalar(stmt) or 0)


def accounts(book: str | None = None) -> list[Account]:
    stmt = sa.select(Account).order_by(Account.book, Account.code)
    if book is not None:
        stmt = stmt.where(Account.book == book)
    return list(db.session.scalars(stmt))


def books() -> list[str]:
    return list(db.session.scalars(sa.select(Account.book).distinct().order_by(Account.book)))


@dataclass(frozen=True)
class TrialRow:
    account: Account
    debit: int
    credit: int


@dataclass(frozen=True)
class TrialBalance:
    rows: list[TrialRow]
    debits: int
    credits: int
    # Older entries whose lines fell in two books without inter-book lines:
    # how many touch this book, and their net in it (+debit/−credit).
    unlinked_entries: int = 0
    unlinked_net: int = 0

    @property
    def balanced(self) -> bool:
        return self.debits == self.credits

    @property
    def balanced_with_unlinked(self) -> bool:
        """Debits equal credits once the older entries' net is taken as the
        book's due to/due from other books."""
        return self.debits - self.credits == self.unlinked_net


def _journal_sums(book: str | None = None) -> dict[int, int]:
    stmt = sa.select(JournalLine.account_id, sa.func.sum(JournalLine.amount)).group_by(
        JournalLine.account_id
    )
    if book is not None:
        stmt = stmt.join(
            Account,
            sa.and_(Account.id == JournalLine.account_id, Account.tenant_id == JournalLine.tenant_id),
        ).where(Account.book == book)
    return {account_id: int(total) for account_id, total in db.session.execute(stmt)}


def trial_balance(book: str | None = None) -> TrialBalance:
    """Every account's journal total as a debit or a credit; debits = credits."""
    sums = _journal_sums(book)
    rows = [
        TrialRow(a, max(sums.get(a.id, 0), 0), max(-sums.get(a.id, 0), 0)) for a in accounts(book)
    ]
    unlinked = unbalanced_in_book(book) if book is not None else {}
    return TrialBalance(
        rows, sum(r.debit for r in rows), sum(r.credit for r in rows),
        len(unlinked), sum(unlinked.values()),
    )


def unbalanced_in_book(book: str) -> dict[int, int]:
    """Entries whose lines in ``book`` do not sum to zero (they span books and
    carry no inter-book lines), each with its net in the book."""
    per_entry = (
        sa.select(JournalLine.entry_id, sa.func.sum(JournalLine.amount).label("net"))
        .join(
            Account,
            sa.and_(Account.id == JournalLine.account_id, Account.tenant_id == JournalLine.tenant_id),
        )
        .where(Account.book == book)
        .group_by(JournalLine.entry_id)
        .having(sa.func.sum(JournalLine.amount) != 0)
    )
    return {entry_id: int(net) for entry_id, net in db.session.execute(per_entry)}


@dataclass(frozen=True)
class Mismatch:
    account: Account
    stored: int
    journal: int


def verify_balances() -> list[Mismatch]:
    """Accounts whose stored balance differs from the journal (empty when all is well)."""
    sums = _journal_sums()
    found = []
    for account in accounts():
        journal = _natural(account, sums.get(account.id, 0))
        if journal != account.balance:
            found.append(Mismatch(account, account.balance, journal))
    return found


@dataclass(frozen=True)
class StatementLine:
    entry_id: int
    entry_date: date
    memo: str
    amount: int  # signed: + debit, − credit
    running: int  # the account's balance after this line, natural sign


@dataclass(frozen=True)
class Statement(Page):
    """One page of an account's lines."""

    @property
    def lines(self) -> list[StatementLine]:
        return self.items


def statement(account: Account, page: int = 1, per_page: int = STATEMENT_PAGE) -> Statement:
    """The account's lines, oldest first, with the running balance."""
    order = (JournalEntry.entry_date, JournalEntry.id, JournalLine.id)
    running = sa.func.sum(JournalLine.amount).over(order_by=order)
    base = (
        sa.select(
            JournalEntry.id.label("entry_id"),
            JournalEntry.entry_date,
            JournalEntry.memo,
            JournalLine.amount,
            running.label("running"),
        )
        .join(
            JournalEntry,
            sa.and_(JournalEntry.id == JournalLine.entry_id, JournalEntry.tenant_id == JournalLine.tenant_id),
        )
        .where(JournalLine.account_id == account.id)
        .order_by(*order)
    )
    found = paginate(base, page, per_page)
    lines = [
        StatementLine(r.entry_id, r.entry_date, r.memo, r.amount, _natural(account, r.running))
        for r in found.items
    ]
    return Statement(lines, found.page, per_page, found.total)


def get_account(account_id: int) -> Account | None:
    return db.session.scalar(sa.select(Account).where(Account.id == account_id))


def get_entry(entry_id: int) -> JournalEntry | None:
    return db.session.scalar(sa.select(JournalEntry).where(JournalEntry.id == entry_id))


def reversal_of(entry: JournalEntry) -> JournalEntry | None:
    return db.session.scalar(sa.select(JournalEntry).where(JournalEntry.reversal_of_id == entry.id))


def entry_accounts(entry: JournalEntry) -> dict[int, Account]:
    ids = {line.account_id for line in entry.lines}
    return {a.id: a for a in db.session.scalars(sa.select(Account).where(Account.id.in_(ids)))}


def recent_entries(limit: int = 20) -> list[JournalEntry]:
    stmt = sa.select(JournalEntry).order_by(JournalEntry.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def period_closes() -> dict[str, date]:
    return {c.book: c.closed_through for c in db.session.scalars(sa.select(PeriodClose))}
