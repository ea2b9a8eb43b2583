"""The outbox: a notification is a row written in the business transaction and
delivered after commit (see ``core.notifications.tasks``).

Services flush and never commit. The delivery steps (claim, record the outcome)
are separate services so the task can commit each one on its own: the claim
must be visible to other workers before the message leaves the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.db import after_commit, db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.notifications import channels, messages, outbox, preferences
from core.notifications.models import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    Notification,
    NotificationDelivery,
)
from core.notifications.settings import channel_settings
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Tenant

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
    and schedules nothing more.

    Without a channel, a notification to a person (or a user with a person
    record here) goes by their contact preference; otherwise by the default
    channel. A channel the person opted out of is never used: the row is
    written as failed ("opted out") and nothing is scheduled."""
    messages.check(template, params)  # UnknownTemplate / MissingParameter now, not at delivery
    if lang not in messages.LANGS:
        raise ValueError(f"unsupported notification language {lang!r}")
    if channel is not None:
        channels.address_kind(channel)  # LookupError for an unknown channel
    who = preferences.recipient(to_user_id, to_person_id) if (to_user_id or to_person_id) else None
    if channel is None:
        channel = (who.choose() if who and not address else None) or DEFAULT_CHANNEL
    kind = channels.address_kind(channel)
    opted_out = who is not None and (who.opted_out_of(channel) or (channel == DEFAULT_CHANNEL and who.opted_out_everywhere))
    address = address or (who.address_for(kind) if who else None)
    if kind and not address and not opted_out:
        raise NoAddress()
    tenant_id = require_tenant_id()
    values = dict(
        tenant_id=tenant_id, to_user_id=to_user_id, to_person_id=to_person_id, address=address,
        channel=channel, template=template, params=params, lang=lang, idempotency_key=idempotency_key,
    )
    if opted_out:
        values.update(status=FAILED, last_error=preferences.OPTED_OUT)
    new = _insert_once(**values)
    if new is None:
        return db.session.scalars(
            sa.select(Notification).where(Notification.idempotency_key == idempotency_key)
        ).one()
    if opted_out:
        db.session.add(NotificationDelivery(notification_id=new.id, status="skipped", error=preferences.OPTED_OUT))
        db.session.flush()
    else:
        outbox.enqueue_after_commit(new.id, tenant_id)
    return new


def _insert_once(**values) -> Notification | None:
    """INSERT … ON CONFLICT DO NOTHING: the new row (returned by the insert
    itself, no second read), or None when the idempotency key is already taken
    (also by a concurrent transaction)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    stmt = (
        insert(Notification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["tenant_id", "idempotency_key"])
        .returning(Notification)
    )
    return db.session.scalars(stmt).one_or_none()


def _enqueue(notification_id: int, tenant_id: int) -> None:
    from core.notifications.tasks import deliver_notification

    deliver_notification.delay(notification_id, tenant_id)


# --- delivery steps, each committed by the task ------------------------------


@dataclass(frozen=True)
class Claimed:
    channel: str
    attempts: int
    message: channels.Outgoing


def claim(notification_id: int, stale_after: timedelta = STALE_AFTER) -> Claimed | None:
    """Take the row for sending with one conditional UPDATE, so two workers
    never send the same notification. None when it is not ours to send
    (already sent, failed, being sent, or gone), or when the person has opted
    out of its channel since it was queued (then it is failed, "opted out")."""
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
    preference = preferences.preference_for(row.to_person_id) if row.to_person_id else None
    if preference is not None and preference.opted_out_of(row.channel):
        row.status, row.last_error = FAILED, preferences.OPTED_OUT
        _log_attempt(row, "skipped", error=preferences.OPTED_OUT)
        return None
    return Claimed(channel=row.channel, attempts=row.attempts, message=_outgoing(row))


def _outgoing(row: Notification) -> channels.Outgoing:
    text = messages.render(row.template, row.lang, row.params)
    tenant = db.session.get(Tenant, row.tenant_id)
    return channels.Outgoing(
        notification_id=row.id, tenant_id=row.tenant_id, address=row.address,
        subject=text.subject, body=text.body, lang=row.lang, settings=channel_settings(tenant, row.channel),
    )


def record_sent(notification_id: int, response: str) -> None:
    row = _sending(notification_id)
    row.status, row.sent_at = SENT, utcnow()
    row.provider_response, row.last_error = response, None
    _log_attempt(row, "sent", response=response)


def record_failure(notification_id: int, error: str, *, retry: bool, response: str | None = None) -> None:
    """Back to pending for another attempt, or failed for good; what the
    provider answered, if anything, goes to the delivery log."""
    row = _sending(notification_id)
    row.status = PENDING if retry else FAILED
    row.last_error = error[:2000]
    if response is not None:
        row.provider_response = response[:2000]
    _log_attempt(row, "retry" if retry else "failed", error=row.last_error, response=response)


def record_waiting(notification_id: int, error: str) -> None:
    """No provider (or a provider set up wrongly): back to pending, the
    attempt not counted, so it goes out once the provider is set up (the
    redelivery sweep, or a resend). The delivery log notes the first wait
    and each new reason, not every sweep."""
    row = _sending(notification_id)
    row.status = PENDING
    row.attempts = max((row.attempts or 1) - 1, 0)
    if row.last_error != error[:2000]:
        row.last_error = error[:2000]
        _log_attempt(row, "waiting", error=row.last_error)
    db.session.flush()


def wake_waiting(channel: str, limit: int = 500) -> int:
    """Enqueue, after commit, the pending notifications of ``channel`` in the
    tenant in context that waited for a provider (one was just set up), so
    they go out now rather than at the next sweep. Returns how many."""
    tenant_id = require_tenant_id()
    ids = list(db.session.scalars(
        sa.select(Notification.id)
        .where(Notification.channel == channel, Notification.status == PENDING,
               Notification.last_error.is_not(None))
        .order_by(Notification.id).limit(limit)
    ))
    for notification_id in ids:
        outbox.enqueue_after_commit(notification_id, tenant_id)
    return len(ids)


class NotResendable(ValidationError):
    code = "notification_not_resendable"
    message = N_("Only a notification that failed can be sent again")


class OptedOut(ValidationError):
    code = "notification_opted_out"
    message = N_("The person has opted out of this channel; it cannot be sent again")


def resend(notification_id: int, *, actor_id: int | None) -> Notification:
    """Send a failed notification again (tenant in context): back to pending
    with its attempts reset, with one conditional UPDATE (two clicks resend
    once), audited; delivered after commit."""
    from core.audit.services import record

    row = db.session.get(Notification, notification_id)
    if row is None:
        raise NotFound()
    if row.status == FAILED and row.last_error == preferences.OPTED_OUT:
        raise OptedOut()
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.id == notification_id, Notification.status == FAILED)
        .values(status=PENDING, attempts=0, claimed_at=None, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast(sa.CursorResult, result).rowcount != 1:
        raise NotResendable()
    db.session.refresh(row)
    _log_attempt(row, "resend")
    record("notifications.resend", actor_id=actor_id, target_type="notification", target_id=row.id,
           before={"status": FAILED}, after={"status": PENDING})
    tenant_id = row.tenant_id
    after_commit(lambda: _enqueue(notification_id, tenant_id))
    return row


def _sending(notification_id: int) -> Notification:
    row = db.session.get(Notification, notification_id, with_for_update=True)
    if row is None:
        raise NotFound()
    return row


def _log_attempt(row: Notification, status: str, **outcome) -> None:
    db.session.add(NotificationDelivery(notification_id=row.id, status=status, **outcome))
    db.session.flush()
