"""Seals are append-only like the journal: on PostgreSQL the journal's
trigger function refuses UPDATE and DELETE of chain_seal rows too."""

from __future__ import annotations

import sqlalchemy as sa

from core.ledger.sql import FORBID_CHANGE_FUNCTION, drop_trigger_sql, trigger_sql

UPGRADE = [FORBID_CHANGE_FUNCTION, trigger_sql("chain_seal")]
DOWNGRADE = [drop_trigger_sql("chain_seal")]


def _attach() -> None:
    from core.integrity.models import ChainSeal

    table = ChainSeal.__table__
    sa.event.listen(
        table,
        "after_create",
        sa.DDL(FORBID_CHANGE_FUNCTION.replace("%", "%%")).execute_if(dialect="postgresql"),
    )
    sa.event.listen(
        table, "after_create", sa.DDL(trigger_sql(table.name)).execute_if(dialect="postgresql")
    )


_attach()
