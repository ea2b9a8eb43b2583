"""Count the SQL statements a block of test code sends, for budgets that hold
whatever the machine's speed: a page that reads N rows in a bounded number of
statements stays quick as N grows, which a stopwatch in a test cannot say
on a loaded machine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def counted() -> Iterator[list[str]]:
    """The statements sent inside the block, in order (transaction commands
    and savepoints are not statements here)."""
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        if head not in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}:
            seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", note)
