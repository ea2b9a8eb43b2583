"""Runs of the real stack (gunicorn, Redis, Celery) on a database of their own."""

from __future__ import annotations

import pytest

from tests import services


@pytest.fixture
def real_services(is_postgres):
    if not is_postgres:  # the suite's SQLite pass: the run belongs to the PostgreSQL one
        pytest.skip("runs with the suite on PostgreSQL")
    missing = [
        name
        for name, port in (("PostgreSQL", 5432), ("Redis", 6379))
        if not services._reachable("127.0.0.1", port)
    ]
    if missing:
        if services.required():
            pytest.fail(f"REQUIRE_SERVICES=1 but {' and '.join(missing)} not reachable")
        pytest.skip(f"needs {' and '.join(missing)}")
