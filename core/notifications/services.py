"""The outbox: a notification is a row written in the business transaction and
delivered after commit (see ``core.notifications.tasks``).

Services flush and never commit. The delivery steps (claim, record the outcome)
are separate services so the task can commit each one on its own: the claim
must be visible to other workers before the message leaves the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.db import after_commit, db, utcnow
from core.errors import NotFound, ValidationError
from core.notifications import channels, messages
from core.notifications.models import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    Notification,
    NotificationDelivery,
)
from core.tenancy.context import require_tenant_id

DEFAULT_CHANNEL = "console"
# A row left 'sending' this long (a worker died mid-send) may be claimed again.
STALE_AFTER = timedelta(minutes=10)


class NoAddress(ValidationError):
    code = "no_address"
    message = "There is no address to send this notification to"


def queue_notification(
    *,
    template: str,
    params: dict,
    idempotency_key: str,
    to_user_id: int | None = None,
    to_person_id: int | None = None,
    address: str | None = None,
    channel: str | None = None,
    lang: str = "th",
) -> Notification:
    """Write a Notification row for the tenant in context and schedule its
    delivery after commit. The same idempotency key twice returns the first row
    and schedules nothing more."""
    channel = channel or DEFAULT_CHANNEL
    kind = channels.address_kind(channel)  # LookupError for an unknown channel
    messages.check(template, params)  # UnknownTemplate / MissingParameter now, not at delivery
    if lang not in messages.LANGS:
        raise ValueError(f"unsupported notification language {lang!r}")
    address = address or _resolve_address(kind, to_user_id, to_person_id)
    if kind and not address:
        raise NoAddress()
    tenant_id = require_tenant_id()
    new_id = _insert_once(
        tenant_id=tenant_id, to_user_id=to_user_id, to_person_id=to_person_id, address=address,
        channel=channel, template=template, params=params, lang=lang, idempotency_key=idempotency_key,
    )
    if new_id is not None:
        after_commit(lambda: _enqueue(new_id, tenant_id))
    return db.session.scalar(sa.select(Notification).where(Notification.idempotency_key == idempotency_key))


def _insert_once(**values) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING: the id of the new row, or None when the
    idempotency key is already taken (also by a concurrent transaction)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    stmt = (
        insert(Notification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["tenant_id", "idempotency_key"])
        .returning(Notification.id)
    )
    return db.session.scalar(stmt)


def _enqueue(notification_id: int, tenant_id: int) -> None:
    from core.notifications.tasks import deliver_notification

    deliver_notification.delay(notification_id, tenant_id)


def _resolve_address(kind: str | None, to_user_id: int | None, to_person_id: int | None) -> str | None:
    from core.auth.models import User
    from core.registry.models import Person

    person = db.session.get(Person, to_person_id) if to_person_id else None
    if to_person_id and person is None:
        raise NotFound()
    user_id = to_user_id or (person.user_id if person else None)
    user = db.session.get(User, user_id) if user_id else None
    email = user.email if user else None
    phone = (person.phone if person else None) or (user.phone if user else None)
    if kind == "email":
        return email
    if kind == "phone":
        return phone
    return email or phone


# --- delivery steps, each committed by the task ------------------------------


@dataclass(frozen=True)
class Claimed:
    channel: str
    attempts: int
    message: channels.Outgoing


def claim(notification_id: int, stale_after: timedelta = STALE_AFTER) -> Claimed | None:
    """Take the row for sending with one conditional UPDATE, so two workers
    never send the same notification. None when it is not ours to send
    (already sent, failed, being sent, or gone)."""
    now = utcnow()
    claimable = sa.or_(
        Notification.status == PENDING,
        sa.and_(Notification.status == SENDING, Notification.claimed_at < now - stale_after),
    )
    stmt = (
        sa.update(Notification)
        .where(Notification.id == notification_id, claimable)
        .values(status=SENDING, claimed_at=now, updated_at=now, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:
        return None
    row = db.session.get(Notification, notification_id, populate_existing=True)
    return Claimed(channel=row.channel, attempts=row.attempts, message=_outgoing(row))


def _outgoing(row: Notification) -> channels.Outgoing:
    text = messages.render(row.template, row.lang, row.params)
    return channels.Outgoing(
        notification_id=row.id, tenant_id=row.tenant_id, address=row.address,
        subject=text.subject, body=text.body, lang=row.lang,
    )


def record_sent(notification_id: int, response: str) -> None:
    row = _sending(notification_id)
    row.status, row.sent_at = SENT, utcnow()
    row.provider_response, row.last_error = response, None
    _log_attempt(row, "sent", response=response)


def record_failure(notification_id: int, error: str, *, retry: bool) -> None:
    """Back to pending for another attempt, or failed for good."""
    row = _sending(notification_id)
    row.status = PENDING if retry else FAILED
    row.last_error = error[:2000]
    _log_attempt(row, "retry" if retry else "failed", error=row.last_error)


def _sending(notification_id: int) -> Notification:
    row = db.session.get(Notification, notification_id, with_for_update=True)
    if row is None:
        raise NotFound()
    return row


def _log_attempt(row: Notification, status: str, **outcome) -> None:
    db.session.add(NotificationDelivery(notification_id=row.id, status=status, **outcome))
    db.session.flush()
