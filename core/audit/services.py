"""Recording state changes. Call ``record`` in the same transaction as the
change; ``snapshot`` and ``changes`` build the before/after summary."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db

# Never copied into the log: noise, or secrets.
ALWAYS_EXCLUDED = frozenset({"tenant_id", "created_at", "updated_at", "password_hash"})


def record(
    action: str,
    *,
    actor_id: int | None,
    target_type: str | None = None,
    target_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append an audit event for the tenant in context (flushes, never commits).

    ``action`` is dotted, domain first (``registry.household.update``), so the
    audit page can filter by prefix."""
    event = AuditEvent(
        action=action,
        actor_user_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
        ip=ip,
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_in_tenants(tenant_ids, action: str, **fields) -> list[AuditEvent]:
    """The same event in the log of each tenant in ``tenant_ids``: for what
    happens to a person rather than in one organisation (a log-in, say),
    shown to every organisation the person works in."""
    from core.tenancy.context import tenant_context

    events = []
    for tenant_id in sorted(set(tenant_ids)):
        with tenant_context(tenant_id):
            events.append(record(action, **fields))
    return events


def snapshot(obj, exclude: tuple[str, ...] = ()) -> dict:
    """An ORM object's column values as JSON-safe data, for ``before``/``after``.

    ``tenant_id``, timestamps and password hashes are always left out; pass
    ``exclude`` for sensitive columns (e.g. ``("national_id",)``)."""
    skip = ALWAYS_EXCLUDED | set(exclude)
    mapper = sa.inspect(obj).mapper
    return {
        attr.key: jsonable(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in skip
    }


def changes(before: dict | None, after: dict | None) -> tuple[dict, dict]:
    """Only the keys whose values differ, from both sides."""
    before, after = before or {}, after or {}
    keys = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    return {k: before[k] for k in keys if k in before}, {k: after[k] for k in keys if k in after}


def jsonable(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    satang = getattr(value, "satang", None)  # Money
    if isinstance(satang, int):
        return satang
    return str(value)
