"""The race harness of the concurrency tests: real threads released together,
each in its own app context (its own connection) and bound to the tenant,
each committing its work or rolling it back.

``race(app, tenant_id, n, work)`` runs ``work(i)`` for ``i`` in ``range(n)``;
``race_all(app, tenant_id, works)`` runs each callable of ``works``. Both
return how many ended in each outcome: ``"ok"``, a domain error's class name,
or any other exception's repr (so an assertion shows it); given a ``results``
list, they append each work's return value to it (``None`` when it failed)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence

from core.db import db
from core.errors import DomainError
from core.tenancy.context import tenant_context


def race_all(app, tenant_id: int, works: Sequence[Callable[[], object]], results: list | None = None) -> Counter:
    barrier = threading.Barrier(len(works))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(work) -> None:
        with app.app_context(), tenant_context(tenant_id):
            result = None
            try:
                barrier.wait(timeout=10)
                result = work()
                db.session.commit()
                outcome = "ok"
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

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return Counter(outcomes)


def race(app, tenant_id: int, n: int, work: Callable[[int], object], results: list | None = None) -> Counter:
    return race_all(app, tenant_id, [lambda i=i: work(i) for i in range(n)], results)
