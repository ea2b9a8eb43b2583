"""The journal is append-only: on PostgreSQL a trigger refuses UPDATE and
DELETE of journal rows. Corrections are reversals.

The SQL strings are what the Alembic migration runs; the ``after_create``
listeners attach the same triggers when tests build the schema with
``create_all``. TRUNCATE stays possible (row triggers do not fire on it), so
the test harness can empty tables between tests.
"""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa

FORBID_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_forbid_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % is not allowed; post a reversal instead',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

JOURNAL_TABLES = ("journal_entry", "journal_line")


def trigger_sql(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change()"
    )


def drop_trigger_sql(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"


DROP_FUNCTION = "DROP FUNCTION IF EXISTS ledger_forbid_change()"

# For the migration: upgrade runs UPGRADE in order, downgrade runs DOWNGRADE.
UPGRADE = [FORBID_CHANGE_FUNCTION, *(trigger_sql(t) for t in JOURNAL_TABLES)]
DOWNGRADE = [*(drop_trigger_sql(t) for t in JOURNAL_TABLES), DROP_FUNCTION]


def _attach() -> None:
    from core.ledger.models import JournalEntry, JournalLine

    for model in (JournalEntry, JournalLine):
        table = cast(sa.Table, model.__table__)
        sa.event.listen(
            table,
            "after_create",
            sa.DDL(FORBID_CHANGE_FUNCTION.replace("%", "%%")).execute_if(  # type: ignore[no-untyped-call]
                dialect="postgresql"
            ),
        )
        sa.event.listen(
            table,
            "after_create",
            sa.DDL(trigger_sql(table.name)).execute_if(  # type: ignore[no-untyped-call]
                dialect="postgresql"
            ),
        )


_attach()
