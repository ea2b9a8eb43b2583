"""post(): what it accepts and, one by one, what it refuses. A refused post
writes nothing and changes no balance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import errors, queries, services
from core.ledger.models import Account, JournalEntry, JournalLine
from core.money import Money
from core.tenancy.context import tenant_context
from tests.core.ledger.conftest import fund, open_books

TODAY = date(2026, 11, 23)


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)),
        db.session.scalar(sa.select(sa.func.count()).select_from(JournalLine)),
    )


def balances(books) -> dict[str, int]:
    rows = db.session.execute(sa.select(Account.code, Account.balance)).all()
    return dict(rows)


def post(lines, key="k1", when=TODAY, memo="memo"):
    return services.post(entry_date=when, memo=memo, lines=lines, idempotency_key=key)


def test_a_balanced_post_moves_balances_in_their_natural_sign(books):
    entry = post([(books.cash, Money.baht(100)), (books.capital, -10_000)])
    post([(books.supplies, 2_500), (books.cash, -2_500)], key="k2")
    db.session.commit()
    assert len(entry.lines) == 2
    assert balances(books) == {"1000": 7_500, "1100": 0, "3000": 10_000, "4000": 0, "5000": 2_500}
    assert queries.verify_balances() == []
    assert queries.trial_balance().balanced


def assert_refused(books, exc_type, lines, **kw):
    before_counts, before_balances = counts(), balances(books)
    with pytest.raises(exc_type) as info:
        post(lines, **kw)
    assert counts() == before_counts
    assert balances(books) == before_balances
    # The caller's transaction is still usable after a refusal.
    db.session.commit()
    assert counts() == before_counts
    assert balances(books) == before_balances
    return info.value


def test_unbalanced_is_refused(books):
    err = assert_refused(books, errors.Unbalanced, [(books.cash, 100), (books.capital, -99)])
    assert err.params == {"debits": "฿1.00", "credits": "฿0.99"}


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_lines_is_refused(books, n):
    assert_refused(books, errors.TooFewLines, [(books.cash, 0)][:n])


def test_zero_amount_is_refused(books):
    lines = [(books.cash, 100), (books.bank, 0), (books.capital, -100)]
    assert_refused(books, errors.ZeroAmount, lines)


def test_an_account_of_another_tenant_is_refused(books, make_tenant):
    other = open_books(make_tenant())  # made under its own tenant context
    fund(books, 500)
    err = assert_refused(books, errors.CrossTenant, [(books.cash, -100), (other.cash, 100)])
    assert err.params["account"] == other.cash.id
    with tenant_context(other.tenant.id):
        assert db.session.scalar(sa.select(Account.balance).where(Account.code == "1000")) == 0


def test_taking_a_non_negative_account_below_zero_is_refused(books):
    fund(books, 1_000)
    err = assert_refused(books, errors.InsufficientFunds, [(books.supplies, 1_001), (books.cash, -1_001)])
    assert err.params == {"account": "1000 เงินสด", "available": "฿10.00", "needed": "฿10.01"}


def test_an_earlier_line_is_undone_when_a_later_account_refuses(books):
    fund(books, 1_000)
    # bank (id after cash) is credited with nothing in it: cash's debit must not stick.
    lines = [(books.cash, 500), (books.bank, -500)]
    assert books.cash.id < books.bank.id
    assert_refused(books, errors.InsufficientFunds, lines, key="k-bank")


def test_the_last_satang_can_be_taken(books):
    fund(books, 1_000)
    post([(books.supplies, 1_000), (books.cash, -1_000)])
    db.session.commit()
    assert books.cash.balance == 0


def test_an_account_that_may_go_negative_does(books):
    post([(books.cash, 100), (books.capital, -100)])
    db.session.commit()
    db.session.refresh(books.capital)
    assert books.capital.balance == 100  # equity: credits − debits
    post([(books.capital, 300), (books.cash, -100), (books.sales, -200)], key="k2")
    db.session.commit()
    db.session.refresh(books.capital)
    assert books.capital.balance == -200


def test_a_post_in_a_closed_period_is_refused(books, make_user):
    user = make_user()
    services.close_period("general", TODAY, actor_id=user.id)
    db.session.commit()
    err = assert_refused(books, errors.PeriodClosed, [(books.cash, 100), (books.capital, -100)])
    assert err.params["book"] == "general"
    assert "2569" in err.params["closed_through"] or "2026" in err.params["closed_through"]
    post([(books.cash, 100), (books.capital, -100)], when=TODAY + timedelta(days=1))


def test_a_period_close_cannot_move_backwards(books, make_user):
    user = make_user()
    services.close_period("general", TODAY, actor_id=user.id)
    services.close_period("general", TODAY, actor_id=user.id)  # the same date again is fine
    with pytest.raises(errors.PeriodBackwards):
        services.close_period("general", TODAY - timedelta(days=1), actor_id=user.id)
    services.close_period("general", TODAY + timedelta(days=30), actor_id=user.id)
    db.session.commit()
    assert queries.period_closes() == {"general": TODAY + timedelta(days=30)}


def test_the_same_key_and_body_returns_the_first_entry(books):
    first = post([(books.cash, 100), (books.capital, -100)], key="order:1")
    again = post([(books.capital, -100), (books.cash, Money(100))], key="order:1")
    db.session.commit()
    assert again.id == first.id
    assert counts() == (1, 2)
    assert books.cash.balance == 100


def test_the_same_key_with_another_body_is_a_conflict(books):
    post([(books.cash, 100), (books.capital, -100)], key="order:1")
    db.session.commit()
    assert_refused(books, errors.IdempotencyConflict, [(books.cash, 101), (books.capital, -101)], key="order:1")
    assert_refused(
        books, errors.IdempotencyConflict, [(books.cash, 100), (books.capital, -100)], key="order:1", memo="x"
    )


def test_keys_are_per_tenant(books, make_tenant):
    other = open_books(make_tenant())
    post([(books.cash, 100), (books.capital, -100)], key="order:1")
    db.session.commit()
    with tenant_context(other.tenant.id):
        entry = post([(other.cash, 100), (other.capital, -100)], key="order:1")
        db.session.commit()
        assert entry.tenant_id == other.tenant.id


def test_the_database_refuses_a_negative_balance_even_without_the_service(books):
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.update(Account).where(Account.id == books.cash.id).values(balance=-1))
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_a_zero_line(books):
    entry = post([(books.cash, 100), (books.capital, -100)])
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.add(JournalLine(entry_id=entry.id, account_id=books.cash.id, amount=0))
        db.session.flush()
    db.session.rollback()


def test_verify_balances_reports_a_tampered_balance(books):
    fund(books, 500)
    assert queries.verify_balances() == []
    db.session.execute(sa.update(Account).where(Account.id == books.cash.id).values(balance=499))
    db.session.commit()
    [mismatch] = queries.verify_balances()
    assert (mismatch.account.code, mismatch.stored, mismatch.journal) == ("1000", 499, 500)


def test_get_or_create_account_returns_the_same_account(books):
    again = services.get_or_create_account("general", "1000", "x", "y", "asset")
    assert again.id == books.cash.id
    with pytest.raises(errors.InvalidAccountType):
        services.get_or_create_account("general", "9", "x", "y", "cash")
    fund_book = services.get_or_create_account("fund:12", "1000", "เงินกองทุน", "Fund cash", "asset")
    assert fund_book.id != books.cash.id
