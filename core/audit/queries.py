"""Read side of the audit log: filtered, paginated listings and diffs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from core.audit.forms import AuditFilters
from core.audit.models import AuditEvent
from core.auth.models import User
from core.db import db
from core.i18n.formatting import BANGKOK
from core.paging import Page, paginate

PER_PAGE = 50


def _start_of(day: date) -> datetime:
    """Midnight in Bangkok, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=BANGKOK)


def _filtered(filters: AuditFilters):
    stmt = sa.select(AuditEvent)
    if filters.action:
        escaped = filters.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(AuditEvent.action.like(escaped + "%", escape="\\"))
    if filters.actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_user_id == filters.actor_id)
    if filters.target_type:
        stmt = stmt.where(AuditEvent.target_type == filters.target_type)
    if filters.target_id is not None:
        stmt = stmt.where(AuditEvent.target_id == filters.target_id)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return stmt


def filtered(filters: AuditFilters):
    """The events the filters pick (the page and its CSV)."""
    return _filtered(filters)


def events(filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Events of the tenant in context, newest first."""
    stmt = _filtered(filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return paginate(stmt, page, per_page)


def get_event(event_id: int) -> AuditEvent | None:
    return db.session.scalar(sa.select(AuditEvent).where(AuditEvent.id == event_id))


def actors() -> list[User]:
    """People who appear in this tenant's log, for the actor filter."""
    ids = sa.select(AuditEvent.actor_user_id).where(AuditEvent.actor_user_id.is_not(None)).distinct()
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.display_name)))


def users_by_id(events: list[AuditEvent]) -> dict[int, User]:
    ids = {e.actor_user_id for e in events if e.actor_user_id is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


@dataclass(frozen=True)
class DiffRow:
    key: str
    before: object
    after: object
    changed: bool


_MISSING = object()


def diff(event: AuditEvent) -> list[DiffRow]:
    """Every key of before and after, changed ones marked."""
    before, after = event.before or {}, event.after or {}
    rows = []
    for key in sorted({*before, *after}):
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        rows.append(
            DiffRow(
                key,
                None if old is _MISSING else old,
                None if new is _MISSING else new,
                bool(before) and bool(after) and old != new,
            )
        )
    return rows
