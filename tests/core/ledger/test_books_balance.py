"""Every book balances on its own: an entry whose lines fall in two or three
books gets, in each book, a line on that book's inter-book account, so the
general, market and fund books each show debits = credits; replays,
reversals and refused posts keep it so."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import errors, queries, services
from core.ledger.models import Account, JournalLine
from core.ledger.policies import INTER_BOOK
from tests.core.ledger.conftest import fund

DAY = date(2026, 2, 1)


def market_income():
    return services.get_or_create_account("market", "4220", "รับบริจาคเงินสด", "Cash donations", "income")


def fund_cash():
    return services.get_or_create_account("fund:1", "1100", "เงินสด", "Cash", "asset")


def assert_every_book_balances():
    for book in queries.books():
        trial = queries.trial_balance(book)
        assert trial.balanced, book
        assert trial.unlinked_entries == 0, book
    assert queries.verify_balances() == []


def book_net(entry, book: str) -> int:
    return sum(line.amount for line in entry.lines if line.account.book == book)


def test_an_entry_across_two_books_balances_each_book(books):
    income = market_income()
    entry = services.post(entry_date=DAY, memo="donation", lines=[(books.cash, 20_000), (income, -20_000)],
                          idempotency_key="two-books")
    db.session.commit()
    assert book_net(entry, "general") == 0 and book_net(entry, "market") == 0
    inter = {line.account.book: line.amount for line in entry.lines if line.account.code == INTER_BOOK[0]}
    assert inter == {"general": -20_000, "market": 20_000}
    assert_every_book_balances()
    # The general book owes the market book the cash it holds for it.
    general_inter = services.inter_book_account("general")
    assert general_inter.balance == -20_000 and services.inter_book_account("market").balance == 20_000


def test_three_books_and_a_line_already_balanced_in_its_book(books):
    fund(books, 100_000)
    income, cash = market_income(), fund_cash()
    entry = services.post(
        entry_date=DAY, memo="three books",
        lines=[(books.cash, -30_000), (cash, 10_000), (income, -5_000), (books.supplies, 25_000)],
        idempotency_key="three-books",
    )
    db.session.commit()
    for book in ("general", "market", "fund:1"):
        assert book_net(entry, book) == 0
    assert_every_book_balances()


def test_an_entry_within_one_book_gets_no_inter_book_line(books):
    entry = fund(books, 5_000)
    assert len(entry.lines) == 2
    assert db.session.scalar(sa.select(Account).where(Account.code == INTER_BOOK[0])) is None


def test_a_replay_returns_the_same_entry_and_posts_nothing_more(books):
    income = market_income()
    lines = [(books.cash, 1_000), (income, -1_000)]
    first = services.post(entry_date=DAY, memo="m", lines=lines, idempotency_key="replay")
    db.session.commit()
    again = services.post(entry_date=DAY, memo="m", lines=lines, idempotency_key="replay")
    assert again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count(JournalLine.id))) == 4
    with pytest.raises(errors.IdempotencyConflict):
        services.post(entry_date=DAY, memo="m", lines=[(books.cash, 999), (income, -999)],
                      idempotency_key="replay")


def test_a_reversal_of_a_cross_book_entry_balances_each_book(books):
    income = market_income()
    entry = services.post(entry_date=DAY, memo="m", lines=[(books.cash, 7_000), (income, -7_000)],
                          idempotency_key="to-reverse")
    db.session.commit()
    reversal = services.reverse(entry, reason="wrong", entry_date=DAY)
    db.session.commit()
    assert len(reversal.lines) == len(entry.lines)
    assert_every_book_balances()
    assert all(a.balance == 0 for a in queries.accounts() if a.code == INTER_BOOK[0])


def test_a_refused_cross_book_post_leaves_nothing(books):
    income = market_income()
    db.session.commit()
    with pytest.raises(errors.InsufficientFunds):
        services.post(entry_date=DAY, memo="m", lines=[(books.cash, -1_000), (income, 1_000)],
                      idempotency_key="refused")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(JournalLine.id))) == 0
    assert all(a.balance == 0 for a in queries.accounts())


def test_the_ledger_page_shows_each_book_balanced(client, books, make_member):
    services.post(entry_date=DAY, memo="m", lines=[(books.cash, 3_000), (market_income(), -3_000)],
                  idempotency_key="page")
    db.session.commit()
    client.login(make_member(books.tenant, "auditor"))
    html = client.get(f"/t/{books.tenant.slug}/ledger/").get_data(as_text=True)
    assert 'data-test="book-general"' in html and 'data-test="book-market"' in html
    assert "ไม่สมดุล" not in html and "not balanced" not in html
    assert "data-test=\"unlinked-" not in html


def test_an_older_entry_without_inter_book_lines_is_shown_as_such(client, books, make_member, owner_engine):
    """An entry written before inter-book lines existed (inserted here as the
    owner, as a migration left it) is named on the page with its amount."""
    income = market_income()
    db.session.commit()
    with owner_engine.begin() as conn:
        entry_id = conn.execute(sa.text(
            "INSERT INTO journal_entry (tenant_id, entry_date, memo, idempotency_key, body_hash, created_at)"
            " VALUES (:t, :d, 'old', 'old-1', 'x', CURRENT_TIMESTAMP) RETURNING id"
        ), {"t": books.tenant.id, "d": DAY}).scalar_one()
        for account_id, amount in ((books.cash.id, 4_000), (income.id, -4_000)):
            conn.execute(sa.text(
                "INSERT INTO journal_line (tenant_id, entry_id, account_id, amount) VALUES (:t, :e, :a, :s)"
            ), {"t": books.tenant.id, "e": entry_id, "a": account_id, "s": amount})
    trial = queries.trial_balance("general")
    assert not trial.balanced and trial.unlinked_entries == 1 and trial.unlinked_net == 4_000
    assert trial.balanced_with_unlinked
    client.login(make_member(books.tenant, "auditor"))
    html = client.get(f"/t/{books.tenant.slug}/ledger/?lang=en").get_data(as_text=True)
    assert 'data-test="unlinked-general"' in html and 'data-test="unlinked-market"' in html
    assert "not balanced" not in html and "฿40.00" in html


def test_the_inter_book_account_is_not_posted_by_hand(books):
    services.post(entry_date=DAY, memo="m", lines=[(books.cash, 2_000), (market_income(), -2_000)],
                  idempotency_key="auto")
    db.session.commit()
    inter = services.inter_book_account("general")
    with pytest.raises(errors.ReservedAccount):
        services.post_manual(entry_date=DAY, memo="by hand", lines=[(inter, 2_000), (books.cash, -2_000)],
                             actor_id=None, idempotency_key="hand")
    db.session.rollback()
    assert inter.balance == -2_000 and books.cash.balance == 2_000


def test_a_cross_book_entry_can_still_be_reversed_from_the_page(books):
    entry = services.post(entry_date=DAY, memo="m", lines=[(books.cash, 2_500), (market_income(), -2_500)],
                          idempotency_key="page-reverse")
    db.session.commit()
    services.reverse(entry, reason="typo", entry_date=DAY, by_hand=True)
    db.session.commit()
    assert_every_book_balances()
    assert books.cash.balance == 0
