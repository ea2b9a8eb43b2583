"""Pure ledger rules: no I/O. What makes an entry acceptable, how its body is
fingerprinted for idempotency, and which dates a closed period refuses."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date

from core.i18n.formatting import format_date, format_thb
from core.ledger.errors import PeriodClosed, TooFewLines, Unbalanced, ZeroAmount
from core.money import Money

MIN_LINES = 2
# Each book's account for what other books of the same tenant owe it
# (positive, due from) or it owes them (negative, due to).
INTER_BOOK = ("1990", "บัญชีระหว่างสมุดบัญชี (ค้างรับ/ค้างจ่าย)", "Due from/(to) other books")


def satang_of(amount: Money | int) -> int:
    if isinstance(amount, Money):
        return amount.satang
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("A line amount is Money or integer satang")
    return amount


def check_lines(lines: list[tuple[int, int]]) -> None:
    """``lines`` are ``(account_id, satang)``: at least two, none zero, summing
    to zero."""
    if len(lines) < MIN_LINES:
        raise TooFewLines()
    if any(amount == 0 for _, amount in lines):
        raise ZeroAmount()
    debits = sum(a for _, a in lines if a > 0)
    credits = -sum(a for _, a in lines if a < 0)
    if debits != credits:
        raise Unbalanced(debits=format_thb(debits), credits=format_thb(credits))


def body_hash(entry_date: date, memo: str, lines: list[tuple[int, int]]) -> str:
    """A fingerprint of what an entry says, independent of line order."""
    body = {
        "date": entry_date.isoformat(),
        "memo": memo,
        "lines": sorted([int(a), int(s)] for a, s in lines),
    }
    canonical = json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def net_by_account(lines: list[tuple[int, int]]) -> dict[int, int]:
    """Signed (+debit/−credit) net per account, in ascending account id order."""
    net: dict[int, int] = defaultdict(int)
    for account_id, amount in lines:
        net[account_id] += amount
    return dict(sorted(net.items()))


def net_by_book(lines: list[tuple[str, int]]) -> dict[str, int]:
    """Signed net per book of ``(book, satang)`` lines, books in name order."""
    net: dict[str, int] = defaultdict(int)
    for book, amount in lines:
        net[book] += amount
    return dict(sorted(net.items()))


def check_open(entry_date: date, book: str, closed_through: date | None) -> None:
    if closed_through is not None and entry_date <= closed_through:
        raise PeriodClosed(book=book, closed_through=format_date(closed_through))
