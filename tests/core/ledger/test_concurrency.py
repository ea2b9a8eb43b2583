"""Real concurrent clients on PostgreSQL: each thread has its own app context,
hence its own connection, and they start together at a barrier."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import errors, queries, services
from core.ledger.models import JournalEntry
from core.tenancy.context import tenant_context
from tests.core.ledger.conftest import fund
from tests.race import race

pytestmark = pytest.mark.postgres
TODAY = date(2026, 11, 23)


def spend(books, satang: int):
    def work(i: int):
        services.post(
            entry_date=TODAY, memo=f"spend {i}", idempotency_key=f"spend:{i}",
            lines=[(books.supplies.id, satang), (books.cash.id, -satang)],
        )

    return work


def test_two_clients_racing_for_the_last_baht_exactly_one_wins(app, postgres_only, books):
    fund(books, 100)
    outcome = race(app, books.tenant.id, 2, spend(books, 100))
    assert outcome == Counter({"ok": 1, "InsufficientFunds": 1})
    db.session.expire_all()
    assert books.cash.balance == 0
    assert queries.verify_balances() == []


def test_eight_clients_one_baht_each_from_five_baht(app, postgres_only, books):
    fund(books, 500)
    outcome = race(app, books.tenant.id, 8, spend(books, 100))
    assert outcome == Counter({"ok": 5, "InsufficientFunds": 3})
    db.session.expire_all()
    assert books.cash.balance == 0
    assert books.supplies.balance == 500
    assert queries.verify_balances() == []


def test_two_concurrent_reversals_yield_exactly_one(app, postgres_only, books):
    entry = fund(books, 1_000)
    entry_id = entry.id

    def work(i: int):
        services.reverse(entry_id, reason=f"clerk {i}", entry_date=TODAY)

    outcome = race(app, books.tenant.id, 2, work)
    assert outcome == Counter({"ok": 1, "AlreadyReversed": 1})
    db.session.expire_all()
    reversals = db.session.scalars(sa.select(JournalEntry).where(JournalEntry.reversal_of_id == entry_id)).all()
    assert len(reversals) == 1
    assert books.cash.balance == 0
    assert queries.verify_balances() == []


def test_two_concurrent_posts_with_one_key_make_one_entry(app, postgres_only, books):
    fund(books, 1_000)
    ids: list[int] = []

    def work(i: int):
        entry = services.post(
            entry_date=TODAY, memo="order 7", idempotency_key="market.order:7",
            lines=[(books.supplies.id, 300), (books.cash.id, -300)],
        )
        ids.append(entry.id)

    outcome = race(app, books.tenant.id, 2, work)
    assert outcome == Counter({"ok": 2})
    assert len(set(ids)) == 1
    db.session.expire_all()
    assert books.cash.balance == 700
    assert queries.verify_balances() == []


def test_the_journal_refuses_update_and_delete(postgres_only, books):
    entry = fund(books, 1_000)
    for statement in (
        "UPDATE journal_line SET amount = amount * 2",
        f"DELETE FROM journal_entry WHERE id = {entry.id}",
        "UPDATE journal_entry SET memo = 'changed'",
        "DELETE FROM journal_line",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 1
    assert queries.verify_balances() == []


def test_a_back_dated_post_racing_a_period_close_cannot_land_in_the_closed_period(app, postgres_only, books):
    """The close holds the book's account locks while a back-dated post waits
    on them; once the close commits, the post sees it and is refused."""
    fund(books, 1_000)
    tenant_id = books.tenant.id
    closed = threading.Event()
    outcome: list[str] = []

    def close():
        with app.app_context(), tenant_context(tenant_id):
            services.close_period("general", date(2026, 6, 30), actor_id=None)
            closed.set()
            threading.Event().wait(0.5)  # the post is now blocked on our locks
            db.session.commit()
            db.session.remove()

    def back_dated_post():
        closed.wait(timeout=10)
        with app.app_context(), tenant_context(tenant_id):
            try:
                services.post(entry_date=date(2026, 6, 1), memo="late", idempotency_key="late:1",
                              lines=[(books.supplies.id, 100), (books.cash.id, -100)])
                db.session.commit()
                outcome.append("ok")
            except errors.PeriodClosed:
                db.session.rollback()
                outcome.append("PeriodClosed")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=close), threading.Thread(target=back_dated_post)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcome == ["PeriodClosed"]
    db.session.expire_all()
    assert books.cash.balance == 1_000
    assert queries.verify_balances() == []
