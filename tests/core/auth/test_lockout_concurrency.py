"""Parallel wrong attempts cannot escape the lockout (PostgreSQL)."""

import threading

from core.db import utcnow


def test_parallel_wrong_attempts_still_lock(postgres_only, app, make_client, make_user, fetch_user):
    make_user(email="p@example.org")
    attempts = 12
    clients = [make_client() for _ in range(attempts)]
    for c in clients:
        c.csrf_token()
    barrier = threading.Barrier(attempts)
    statuses = []

    def attempt(c):
        barrier.wait()
        response = c.post("/login", data={"login": "p@example.org", "password": "wrong!!!!"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * attempts
    user = fetch_user(email="p@example.org")
    assert user.failed_logins >= 5
    assert user.locked_until is not None and user.locked_until > utcnow()
    # and now the right password is refused
    response = make_client().post(
        "/login", data={"login": "p@example.org", "password": "correct horse 1"}
    )
    assert response.status_code == 200
