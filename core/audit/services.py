"""Recording state changes. Call ``record`` in the same transaction as the change."""

from __future__ import annotations

from core.audit.models import AuditEvent
from core.db import db


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
    """Append an audit event for the tenant in context (flushes, never commits)."""
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
