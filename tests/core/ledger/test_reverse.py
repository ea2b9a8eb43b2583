"""Corrections are reversals that point at the original, at most one each."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import errors, queries, services
from core.ledger.models import JournalEntry
from tests.core.ledger.conftest import fund

TODAY = date(2026, 11, 23)


def test_a_reversal_negates_every_line_and_restores_balances(books):
    fund(books, 1_000)
    sale = services.post(
        entry_date=TODAY, memo="sale", idempotency_key="sale:1",
        lines=[(books.cash, 300), (books.sales, -300)],
    )
    db.session.commit()
    reversal = services.reverse(sale, reason="wrong price", entry_date=TODAY)
    db.session.commit()
    assert reversal.reversal_of_id == sale.id
    assert reversal.memo == "wrong price"
    assert sorted(line.amount for line in reversal.lines) == [-300, 300]
    assert (books.cash.balance, books.sales.balance) == (1_000, 0)
    assert queries.reversal_of(sale).id == reversal.id
    assert queries.verify_balances() == []


def test_an_entry_is_reversed_only_once(books):
    entry = fund(books, 1_000)
    services.reverse(entry, reason="typo")
    db.session.commit()
    with pytest.raises(errors.AlreadyReversed):
        services.reverse(entry.id, reason="again")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 2


def test_a_reversal_is_not_reversed(books):
    entry = fund(books, 1_000)
    reversal = services.reverse(entry, reason="typo")
    with pytest.raises(errors.ReversalOfReversal):
        services.reverse(reversal, reason="undo the undo")


def test_a_reversal_that_would_overdraw_is_refused(books):
    entry = fund(books, 1_000)
    services.post(
        entry_date=TODAY, memo="spend", idempotency_key="spend",
        lines=[(books.supplies, 600), (books.cash, -600)],
    )
    db.session.commit()
    with pytest.raises(errors.InsufficientFunds):
        services.reverse(entry, reason="typo")
    db.session.commit()
    assert queries.reversal_of(entry) is None
    assert books.cash.balance == 400


def test_a_reversal_in_a_closed_period_is_refused(books):
    entry = fund(books, 1_000)
    services.close_period("general", TODAY, actor_id=None)
    with pytest.raises(errors.PeriodClosed):
        services.reverse(entry, reason="late", entry_date=TODAY)


def test_an_unknown_entry_is_not_found(books):
    with pytest.raises(errors.EntryNotFound):
        services.reverse(999_999, reason="x")


def test_statement_shows_a_running_balance(books):
    fund(books, 1_000)
    for i in range(3):
        services.post(
            entry_date=TODAY, memo=f"spend {i}", idempotency_key=f"spend:{i}",
            lines=[(books.supplies, 100), (books.cash, -100)],
        )
    db.session.commit()
    page = queries.statement(books.cash, per_page=2)
    assert [(line.amount, line.running) for line in page.lines] == [(1_000, 1_000), (-100, 900)]
    assert (page.page, page.pages, page.total) == (1, 2, 4)
    last = queries.statement(books.cash, page=2, per_page=2)
    assert [line.running for line in last.lines] == [800, 700]
    assert queries.balance(books.cash, as_of=date(2000, 1, 1)) == 0
    assert queries.balance(books.supplies) == 300
