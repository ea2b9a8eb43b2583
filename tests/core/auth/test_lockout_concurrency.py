"""Parallel wrong attempts cannot escape the lockout (PostgreSQL)."""

import sqlalchemy as sa

from core.auth.models import AuthFailure
from core.db import utcnow
from tests.race import browsers, together


def test_parallel_wrong_attempts_are_all_counted_and_lock(
    postgres_only, app, make_client, make_user, ctx
):
    make_user(email="p@example.org")
    attempts = 12
    clients = browsers(make_client, attempts)
    statuses = together([
        lambda c=c: c.post("/login", data={"login": "p@example.org", "password": "wrong!!!!"}).status_code
        for c in clients
    ])
    assert set(statuses) <= {422, 429} and len(statuses) == attempts
    pair = ctx.scalar(sa.select(AuthFailure).where(AuthFailure.kind == "login"))
    account = ctx.scalar(sa.select(AuthFailure).where(AuthFailure.kind == "login_account"))
    assert pair.failures == attempts and account.failures == attempts  # none lost
    assert pair.locked_until is not None and pair.locked_until > utcnow()
    # and now the right password is refused from that address
    response = make_client().post(
        "/login", data={"login": "p@example.org", "password": "correct horse 1"}
    )
    assert response.status_code == 429
