"""Ledger verbs: post, reverse, close a period, open an account.

All act for the tenant in context, ``flush()`` and never ``commit()``. A
refused post leaves nothing written: its work happens inside a SAVEPOINT, so
the caller's transaction stays usable.

Balances change with one conditional ``UPDATE … RETURNING`` per account, in
ascending account id order (no deadlocks between posts), so two clerks racing
for the last baht of a cash account cannot both win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from core import clock
from core.audit.services import record
from core.db import db
from core.errors import N_
from core.i18n.formatting import format_date, format_thb
from core.ledger import policies
from core.ledger.errors import (
    AlreadyReversed,
    CrossTenant,
    EntryNotFound,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAccountType,
    PeriodBackwards,
    ReservedAccount,
    ReversalOfReversal,
)
from core.ledger.models import ACCOUNT_TYPES, Account, JournalEntry, JournalLine, PeriodClose
from core.money import Money
from core.tenancy.context import require_tenant_id

Line = tuple[Account | int, Money | int]

# (book, code) -> the process that alone posts to the account (an English
# msgid, shown translated): a manual entry, payment or reversal touching one
# would clear one side of something kept in two places.
_RESERVED: dict[tuple[str, str], str] = {}
INTER_BOOK_PROCESS = N_("the lines that balance each book of an entry")


def reserve_account(book: str, code: str, process: str) -> None:
    """Keep ``code`` of ``book`` for the service that owns it."""
    _RESERVED[(book, code)] = process


def reserved_by(account: Account) -> str | None:
    if account.code == policies.INTER_BOOK[0]:
        return INTER_BOOK_PROCESS
    return _RESERVED.get((account.book, account.code))


def check_not_reserved(accounts: Iterable[Account], *, whole_entry: bool = False) -> None:
    """Refuse a hand-made line on a reserved account. ``whole_entry`` (a
    reversal of a whole entry) lets inter-book lines through: reversing them
    with the rest keeps every book balanced."""
    from flask_babel import lazy_gettext

    for account in accounts:
        if whole_entry and account.code == policies.INTER_BOOK[0]:
            continue
        process = reserved_by(account)
        if process is not None:
            raise ReservedAccount(field="lines", account=f"{account.code} {account.name_th}",
                                  process=lazy_gettext(process))


def today() -> date:
    return clock.today()


def post(
    *,
    entry_date: date,
    memo: str,
    lines: Sequence[Line],
    idempotency_key: str,
    source: str | None = None,
    actor_id: int | None = None,
) -> JournalEntry:
    """Post a balanced entry, or return the entry already posted under the same
    key with the same body. Raises a :class:`~core.ledger.errors.LedgerError`
    (nothing written) otherwise."""
    return _post(
        entry_date=entry_date,
        memo=memo,
        lines=lines,
        idempotency_key=idempotency_key,
        source=source,
        actor_id=actor_id,
    )


def post_manual(
    *, entry_date: date, memo: str, lines: Sequence[Line], actor_id: int, idempotency_key: str,
    ip: str | None = None,
) -> JournalEntry:
    """A person's manual entry from the ledger page, audited. Accounts kept by
    their own process are refused."""
    check_not_reserved(_load_accounts({_account_id(a) for a, _ in lines}).values())
    entry = post(
        entry_date=entry_date, memo=memo, lines=lines, idempotency_key=idempotency_key,
        source="ledger.manual", actor_id=actor_id,
    )
    record("ledger.entry.post", actor_id=actor_id, target_type="journal_entry",
           target_id=entry.id, after=entry_summary(entry), ip=ip)
    return entry


def reverse(
    entry: JournalEntry | int,
    *,
    reason: str,
    entry_date: date | None = None,
    actor_id: int | None = None,
    ip: str | None = None,
    by_hand: bool = False,
) -> JournalEntry:
    """A new entry with every line negated, pointing at the original. An entry
    is reversed at most once (a UNIQUE constraint makes that hold under races).
    ``by_hand`` (the ledger page) refuses entries on reserved accounts."""
    if isinstance(entry, int):
        entry = get_entry(entry)
    if by_hand:
        check_not_reserved(_load_accounts({line.account_id for line in entry.lines}).values(), whole_entry=True)
    if entry.reversal_of_id is not None:
        raise ReversalOfReversal()
    if _reversal_of(entry.id) is not None:
        raise AlreadyReversed(entry=entry.id)
    reversal = _post(
        entry_date=entry_date or today(),
        memo=reason.strip(),
        lines=[(line.account_id, -line.amount) for line in entry.lines],
        idempotency_key=f"ledger.reversal:{entry.id}",
        source=f"ledger.reversal:{entry.id}",
        actor_id=actor_id,
        reversal_of_id=entry.id,
    )
    record("ledger.entry.reverse", actor_id=actor_id, target_type="journal_entry",
           target_id=entry.id, after=entry_summary(reversal), ip=ip)
    return reversal


def close_period(book: str, through: date, actor_id: int | None, ip: str | None = None) -> PeriodClose:
    """Close ``book`` through a date. A close can move forward, never back.

    The book's accounts are locked first (ids ascending, as posts lock them), so
    a back-dated post racing the close either commits before it or sees it."""
    db.session.execute(
        sa.select(Account.id).where(Account.book == book).order_by(Account.id).with_for_update()
    ).all()
    current = db.session.scalar(
        sa.select(PeriodClose).where(PeriodClose.book == book).with_for_update()
    )
    before = None
    if current is None:
        current = PeriodClose(book=book, closed_through=through, closed_by_user_id=actor_id)
        db.session.add(current)
    else:
        if through < current.closed_through:
            raise PeriodBackwards(book=book, closed_through=format_date(current.closed_through))
        before = {"closed_through": current.closed_through.isoformat()}
        current.closed_through = through
        current.closed_by_user_id = actor_id
    db.session.flush()
    record("ledger.period.close", actor_id=actor_id, target_type="ledger_period_close",
           target_id=current.id, before=before, after={"book": book, "closed_through": through.isoformat()},
           ip=ip)
    return current


def get_or_create_account(
    book: str,
    code: str,
    name_th: str,
    name_en: str = "",
    type: str = "asset",  # noqa: A002
    may_go_negative: bool = False,
) -> Account:
    """The account ``code`` of ``book``, opened on first use."""
    if type not in ACCOUNT_TYPES:
        raise InvalidAccountType(type=type)
    account = _account_by_code(book, code)
    if account is not None:
        return account
    try:
        with db.session.begin_nested():
            account = Account(book=book, code=code, name_th=name_th, name_en=name_en,
                              type=type, may_go_negative=may_go_negative, balance=0)
            db.session.add(account)
            db.session.flush()
    except IntegrityError:
        account = _account_by_code(book, code)
        if account is None:
            raise
    return account


def get_entry(entry_id: int) -> JournalEntry:
    entry = db.session.get(JournalEntry, entry_id)
    if entry is None or entry.tenant_id != require_tenant_id():
        raise EntryNotFound()
    return entry


def entry_summary(entry: JournalEntry) -> dict[str, Any]:
    return {
        "entry_date": entry.entry_date.isoformat(),
        "memo": entry.memo,
        "source": entry.source,
        "reversal_of_id": entry.reversal_of_id,
        "lines": [[line.account_id, line.amount] for line in entry.lines],
    }


# --- the post itself ---------------------------------------------------------


def _post(
    *, entry_date: date, memo: str, lines: Sequence[Line], idempotency_key: str,
    source: str | None, actor_id: int | None, reversal_of_id: int | None = None,
) -> JournalEntry:
    tenant_id = require_tenant_id()
    pairs = [(_account_id(account), policies.satang_of(amount)) for account, amount in lines]
    policies.check_lines(pairs)
    digest = policies.body_hash(entry_date, memo, pairs)
    existing = _entry_by_key(idempotency_key)
    if existing is not None:
        return _replay(existing, digest, idempotency_key)
    accounts = _load_accounts({account_id for account_id, _ in pairs})
    pairs = pairs + _inter_book_lines(accounts, pairs)
    accounts.update(_load_accounts({a for a, _ in pairs} - accounts.keys()))
    _check_periods(accounts.values(), entry_date)
    try:
        with db.session.begin_nested():
            entry = JournalEntry(
                entry_date=entry_date, memo=memo, source=source, idempotency_key=idempotency_key,
                body_hash=digest, reversal_of_id=reversal_of_id, created_by_user_id=actor_id,
            )
            db.session.add(entry)
            db.session.flush()
            db.session.add_all(
                JournalLine(entry_id=entry.id, account_id=a, amount=s) for a, s in pairs
            )
            db.session.flush()
            balances = _apply(tenant_id, accounts, policies.net_by_account(pairs))
            # Again under the account row locks just taken: a close that locked
            # these accounts first has committed by now and is seen here.
            _check_periods(accounts.values(), entry_date)
    except IntegrityError as exc:
        return _after_race(exc, idempotency_key, digest, reversal_of_id)
    for account_id, balance in balances.items():
        set_committed_value(accounts[account_id], "balance", balance)
    return entry


def _apply(tenant_id: int, accounts: dict[int, Account], net: dict[int, int]) -> dict[int, int]:
    """One conditional UPDATE per account, ids ascending; a refused one raises."""
    balances = {}
    for account_id, amount in net.items():
        account = accounts[account_id]
        delta = account.natural(amount)
        if delta == 0:
            continue
        stmt = (
            sa.update(Account)
            .where(
                Account.id == account_id,
                Account.tenant_id == tenant_id,
                sa.or_(Account.may_go_negative, Account.balance + delta >= 0),
            )
            .values(balance=Account.balance + delta)
            .returning(Account.balance)
            .execution_options(synchronize_session=False)
        )
        balance = db.session.execute(stmt).scalar_one_or_none()
        if balance is None:
            raise _insufficient(account, delta)
        balances[account_id] = balance
    return balances


def _inter_book_lines(accounts: dict[int, Account], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The due to/due from lines that keep each book of an entry balanced.

    An entry whose lines fall in more than one book (cash landing in the
    general book for a fund's loan, say) gets, in each such book, one line on
    that book's inter-book account taking the book's net; these lines sum to
    zero across books, so the entry stays balanced and so does every book."""
    net = policies.net_by_book([(accounts[a].book, s) for a, s in pairs])
    if len(net) < 2:
        return []
    return [(inter_book_account(book).id, -amount) for book, amount in net.items() if amount]


def inter_book_account(book: str) -> Account:
    code, name_th, name_en = policies.INTER_BOOK
    return get_or_create_account(book, code, name_th, name_en, "asset", may_go_negative=True)


def _insufficient(account: Account, delta: int) -> InsufficientFunds:
    available = db.session.execute(
        sa.select(Account.balance).where(Account.id == account.id)
    ).scalar_one()
    return InsufficientFunds(
        account=f"{account.code} {account.name_th}",
        available=format_thb(available),
        needed=format_thb(-delta),
    )


def _after_race(
    exc: IntegrityError, idempotency_key: str, digest: str, reversal_of_id: int | None
) -> JournalEntry:
    """Another transaction committed the same key (or reversal) first."""
    if reversal_of_id is not None and _reversal_of(reversal_of_id) is not None:
        raise AlreadyReversed(entry=reversal_of_id)
    existing = _entry_by_key(idempotency_key)
    if existing is None:
        raise exc  # not a race we know of: let the database error through
    return _replay(existing, digest, idempotency_key)


def _replay(existing: JournalEntry, digest: str, key: str) -> JournalEntry:
    if existing.body_hash != digest:
        raise IdempotencyConflict(key=key)
    return existing


def _account_id(account: Account | int) -> int:
    if isinstance(account, Account):
        return account.id
    if isinstance(account, bool) or not isinstance(account, int):
        raise TypeError("A line names an Account or an account id")
    return account


def _load_accounts(ids: set[int]) -> dict[int, Account]:
    """Accounts of the tenant in context; a foreign or unknown id is refused."""
    found = {
        a.id: a for a in db.session.scalars(sa.select(Account).where(Account.id.in_(ids)))
    }
    missing = sorted(ids - found.keys())
    if missing:
        raise CrossTenant(account=missing[0])
    return found


def _check_periods(accounts: Iterable[Account], entry_date: date) -> None:
    books = {a.book for a in accounts}
    closes = db.session.scalars(
        sa.select(PeriodClose)
        .where(PeriodClose.book.in_(books))
        .execution_options(populate_existing=True)
    )
    for close in closes:
        policies.check_open(entry_date, close.book, close.closed_through)


def _entry_by_key(key: str) -> JournalEntry | None:
    return db.session.scalar(sa.select(JournalEntry).where(JournalEntry.idempotency_key == key))


def _reversal_of(entry_id: int) -> JournalEntry | None:
    return db.session.scalar(sa.select(JournalEntry).where(JournalEntry.reversal_of_id == entry_id))


def _account_by_code(book: str, code: str) -> Account | None:
    return db.session.scalar(sa.select(Account).where(Account.book == book, Account.code == code))
