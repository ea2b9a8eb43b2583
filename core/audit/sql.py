"""The audit log is append-only like the journal: on PostgreSQL a trigger
refuses UPDATE and DELETE of ``audit_event`` rows, whoever asks (the app's
role included). TRUNCATE stays possible (row triggers do not fire on it), so
the test harness can empty tables between tests.

The SQL strings are what the Alembic migration runs; the ``after_create``
listeners attach the same trigger when tests build the schema with
``create_all``.
"""

from __future__ import annotations

import sqlalchemy as sa

FORBID_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_forbid_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

TRIGGER = (
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_forbid_change()"
)

UPGRADE = [FORBID_CHANGE_FUNCTION, TRIGGER]
DOWNGRADE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event",
    "DROP FUNCTION IF EXISTS audit_forbid_change()",
]


def _attach() -> None:
    from core.audit.models import AuditEvent

    table = AuditEvent.__table__
    for statement in UPGRADE:
        sa.event.listen(
            table,
            "after_create",
            sa.DDL(statement.replace("%", "%%")).execute_if(dialect="postgresql"),
        )


_attach()
