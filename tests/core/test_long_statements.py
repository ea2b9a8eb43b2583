"""The one-statement writes are longer than psycopg's default limit on the
statements whose parsing it keeps (4 kB); :func:`core.db.tune_engine` raises
it, so they are parsed once per worker, not on every execution."""

from __future__ import annotations

from core.db import LONGEST_CACHED_STATEMENT, db


def test_a_long_statement_with_parameters_is_parsed_once(app, postgres_only):
    from psycopg import _queries

    padding = " ".join(f"%(p)s AS c{n}," for n in range(400))  # about 6 kB, one parameter used 400 times
    statement = f"SELECT {padding} 1 AS last"
    assert 4096 < len(statement) < LONGEST_CACHED_STATEMENT
    with app.app_context():
        with db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            cursor = raw.cursor()
            cursor.execute(statement, {"p": 1})
            before = _queries._query2pg.cache_info()
            for value in (2, 3, 4):
                cursor.execute(statement, {"p": value})
                assert cursor.fetchone()[0] == value
            after = _queries._query2pg.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
