"""Random sequences of posts and reversals keep the ledger's invariants: every
stored balance equals the journal, debits equal credits, and no account that
must not go negative does. A model in plain Python predicts every balance."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.db import db
from core.ledger import errors, queries, services
from core.ledger.models import Account
from core.tenancy.context import tenant_context
from tests.core.ledger.conftest import open_books

ACCOUNTS = ("cash", "bank", "capital", "sales", "supplies")

posts = st.tuples(
    st.just("post"),
    st.sampled_from(ACCOUNTS),  # debited
    st.sampled_from(ACCOUNTS),  # credited
    st.integers(min_value=1, max_value=50_000),
)
reversals = st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30))
operations = st.lists(st.one_of(posts, posts, reversals), min_size=1, max_size=25)


def natural(account: Account, signed: int) -> int:
    return account.natural(signed)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_posts_and_reversals_keep_the_invariants(ctx, make_tenant, ops):
    books = open_books(make_tenant())
    accounts = {name: getattr(books, name) for name in ACCOUNTS}
    expected = dict.fromkeys(ACCOUNTS, 0)  # natural sign
    posted: list[tuple[object, dict[str, int]]] = []
    with tenant_context(books.tenant.id):
        for i, op in enumerate(ops):
            if op[0] == "post":
                _, debit, credit, amount = op
                lines = [(accounts[debit], amount), (accounts[credit], -amount)]
                effect = {debit: 0, credit: 0}
                effect[debit] += accounts[debit].natural(amount)
                effect[credit] += accounts[credit].natural(-amount)
                try:
                    entry = services.post(
                        entry_date=date(2026, 1, 1), memo=f"op {i}", lines=lines, idempotency_key=f"op:{i}"
                    )
                except errors.InsufficientFunds:
                    continue
            else:
                if not posted:
                    continue
                original, original_effect = posted[op[1] % len(posted)]
                effect = {name: -delta for name, delta in original_effect.items()}
                try:
                    entry = services.reverse(original, reason=f"undo {i}", entry_date=date(2026, 1, 2))
                except (errors.AlreadyReversed, errors.ReversalOfReversal, errors.InsufficientFunds):
                    continue
            db.session.commit()
            for name, delta in effect.items():
                expected[name] += delta
            posted.append((entry, effect))

        stored = dict(db.session.execute(sa.select(Account.code, Account.balance)).all())
        assert stored == {accounts[name].code: expected[name] for name in ACCOUNTS}
        assert queries.verify_balances() == []
        trial = queries.trial_balance()
        assert trial.debits == trial.credits
        for account in queries.accounts():
            assert account.may_go_negative or account.balance >= 0
            assert queries.balance(account) == account.balance
