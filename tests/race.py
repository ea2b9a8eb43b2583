"""The race harness of the concurrency tests: real threads released together
by a barrier, each with its own connection.

Services raced in-process: ``race(app, tenant_id, n, work)`` runs ``work(i)``
for ``i`` in ``range(n)``; ``race_all(app, tenant_id, works)`` runs each
callable of ``works``. Each work runs in its own app context (its own session
and connection, as the app's plain role) bound to the tenant (or, given a list
of tenant ids, one per work: councils racing each other), and its work is
committed, or rolled back when it raises. Both return how many ended in each
outcome: ``"ok"``, a domain error's class name, ``"rolled back"`` for a work
that raised ``Abandon`` (a transaction given up on purpose), or any other
exception's repr (so an assertion shows it); given a ``results`` list, they
append each work's return value to it (``None`` when it failed);
``race_results`` returns the outcomes and that list.

Requests raced over HTTP: ``browsers(make_client, ...)`` makes independent
clients, logged in and holding their CSRF token so the race starts at the
request; ``together(calls)`` runs each call in its own thread, all released
at once, and returns their return values in order (a call's exception is
raised once every thread has ended)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from core.db import db
from core.errors import DomainError
from core.tenancy.context import tenant_context

BARRIER_TIMEOUT = 10  # seconds for every racer to reach the start
JOIN_TIMEOUT = 60  # seconds for a racer to finish


class Abandon(Exception):  # noqa: N818 - raised on purpose, not an error
    """Raised by a work to roll its transaction back on purpose."""


def together(calls: Sequence[Callable[[], Any]]) -> list:
    """Runs each call in its own thread, all released at once; their return
    values in the order of ``calls``."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
            results[i] = call()
        except BaseException as exc:  # noqa: BLE001 - raised below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=JOIN_TIMEOUT)
    stuck = sum(t.is_alive() for t in threads)
    assert not stuck, f"{stuck} of {len(threads)} racers did not finish"
    if errors:
        raise errors[0]
    return results


def browsers(make_client, n: int | None = None, *, users: Sequence | None = None, csrf: bool = True) -> list:
    """``n`` independent clients, or one logged in as each of ``users``, with
    their CSRF token already fetched (unless ``csrf=False``)."""
    logins = list(users) if users is not None else [None] * (n or 0)
    clients = []
    for user in logins:
        client = make_client()
        if user is not None:
            client.login(user)
        if csrf:
            client.csrf_token()
        clients.append(client)
    return clients


def race_all(
    app,
    tenant_id: int | Sequence[int],
    works: Sequence[Callable[[], object]],
    results: list | None = None,
) -> Counter:
    tenant_ids = [tenant_id] * len(works) if isinstance(tenant_id, int) else list(tenant_id)
    assert len(tenant_ids) == len(works), "one tenant per work"
    outcomes: list[str] = []
    lock = threading.Lock()

    def bound(work: Callable[[], object], tid: int) -> Callable[[], None]:
        def run() -> None:
            with app.app_context(), tenant_context(tid):
                result = None
                try:
                    result = work()
                    db.session.commit()
                    outcome = "ok"
                except Abandon:
                    db.session.rollback()
                    outcome = "rolled back"
                except DomainError as exc:
                    db.session.rollback()
                    outcome = type(exc).__name__
                except Exception as exc:  # recorded, so the assertion shows it
                    db.session.rollback()
                    outcome = repr(exc)
                finally:
                    db.session.remove()
                with lock:
                    outcomes.append(outcome)
                    if results is not None:
                        results.append(result)

        return run

    together([bound(w, t) for w, t in zip(works, tenant_ids, strict=True)])
    return Counter(outcomes)


def race(
    app,
    tenant_id: int | Sequence[int],
    n: int,
    work: Callable[[int], object],
    results: list | None = None,
) -> Counter:
    return race_all(app, tenant_id, [lambda i=i: work(i) for i in range(n)], results)


def race_results(
    app,
    tenant_id: int | Sequence[int],
    n: int,
    work: Callable[[int], object],
) -> tuple[Counter, list]:
    """``race`` with each work's return value beside the outcomes."""
    results: list = []
    return race(app, tenant_id, n, work, results), results
