"""What each chain covers, as canonical bytes, and the hash that links it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.ledger.models import JournalEntry, JournalLine

GENESIS = "0" * 64
CHAINS = ("audit", "journal")


def link(prev_hash: str, content: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + content).hexdigest()


def _canonical(data: dict) -> bytes:
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def _iso(value) -> str | None:
    if value is None:
        return None
    if getattr(value, "tzinfo", None) is not None:  # timestamps as UTC, whatever the session zone
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat()


def audit_content(rows: Iterable[AuditEvent]) -> dict[int, bytes]:
    return {
        e.id: _canonical(
            {
                "id": e.id,
                "tenant": e.tenant_id,
                "at": _iso(e.at),
                "actor": e.actor_user_id,
                "action": e.action,
                "target": [e.target_type, e.target_id],
                "before": e.before,
                "after": e.after,
                "ip": e.ip,
            }
        )
        for e in rows
    }


def journal_content(entries: Iterable[JournalEntry]) -> dict[int, bytes]:
    entries = list(entries)
    lines: dict[int, list[list[int]]] = {e.id: [] for e in entries}
    if entries:
        for line in db.session.scalars(
            sa.select(JournalLine)
            .where(JournalLine.entry_id.in_(list(lines)))
            .order_by(JournalLine.id)
        ):
            lines[line.entry_id].append([line.id, line.account_id, int(line.amount)])
    return {
        e.id: _canonical(
            {
                "id": e.id,
                "tenant": e.tenant_id,
                "date": _iso(e.entry_date),
                "memo": e.memo,
                "source": e.source,
                "key": e.idempotency_key,
                "body": e.body_hash,
                "reversal_of": e.reversal_of_id,
                "by": e.created_by_user_id,
                "lines": lines[e.id],
            }
        )
        for e in entries
    }


MODELS = {"audit": AuditEvent, "journal": JournalEntry}
CONTENT = {"audit": audit_content, "journal": journal_content}
