"""Seals are append-only like the journal: on PostgreSQL the journal's
trigger function refuses UPDATE and DELETE of chain_seal rows too. A chain's
head may only grow: a trigger refuses its DELETE and any UPDATE that does not
lengthen the same tenant's same chain."""

from __future__ import annotations

import sqlalchemy as sa

from core.ledger.sql import FORBID_CHANGE_FUNCTION, drop_trigger_sql, trigger_sql

HEAD_ONLY_GROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION chain_head_only_grows() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.tenant_id = OLD.tenant_id AND NEW.chain = OLD.chain
            AND NEW.length > OLD.length THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a chain head only grows: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

HEAD_TRIGGER = (
    "CREATE TRIGGER chain_head_only_grows BEFORE UPDATE OR DELETE ON chain_head "
    "FOR EACH ROW EXECUTE FUNCTION chain_head_only_grows()"
)

UPGRADE = [FORBID_CHANGE_FUNCTION, trigger_sql("chain_seal")]
DOWNGRADE = [drop_trigger_sql("chain_seal")]
HEAD_UPGRADE = [HEAD_ONLY_GROWS_FUNCTION, HEAD_TRIGGER]
HEAD_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS chain_head_only_grows ON chain_head",
    "DROP FUNCTION IF EXISTS chain_head_only_grows()",
]


def _listen(table, statement: str) -> None:
    sa.event.listen(
        table, "after_create", sa.DDL(statement.replace("%", "%%")).execute_if(dialect="postgresql")
    )


def _attach() -> None:
    from core.integrity.models import ChainHead, ChainSeal

    _listen(ChainSeal.__table__, FORBID_CHANGE_FUNCTION)
    _listen(ChainSeal.__table__, trigger_sql(ChainSeal.__table__.name))
    for statement in HEAD_UPGRADE:
        _listen(ChainHead.__table__, statement)


_attach()
