"""Delivery steps for a batch of notifications of one tenant, each committed by
``core.notifications.tasks.deliver_batch``: the claim of the whole batch is
one conditional UPDATE, and the messages sent are recorded together (one
UPDATE and one INSERT for the lot), so a worker spends its time sending rather
than on round trips. The rules are those of the single steps in
``core.notifications.services``: only a pending row (or one left 'sending' by
a dead worker) is claimed, a person who opted out is not written to, and a
row is marked sent only while it is still ours ('sending')."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

import sqlalchemy as sa

from core.db import db, utcnow
from core.notifications import channels, messages, preferences
from core.notifications.models import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    ContactPreference,
    Notification,
    NotificationDelivery,
)
from core.notifications.services import STALE_AFTER, Claimed
from core.notifications.settings import channel_settings
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Tenant


def claim_many(notification_ids: list[int], stale_after: timedelta = STALE_AFTER) -> list[Claimed]:
    """Take for sending those of ``notification_ids`` that are ours to send, in
    id order; the rest (sent, failed, being sent, gone) are left alone."""
    if not notification_ids:
        return []
    now = utcnow()
    claimable = sa.or_(
        Notification.status == PENDING,
        sa.and_(Notification.status == SENDING, Notification.claimed_at < now - stale_after),
    )
    rows = db.session.execute(
        sa.update(Notification)
        .where(Notification.id.in_(notification_ids), claimable)
        .values(status=SENDING, claimed_at=now, updated_at=now, attempts=Notification.attempts + 1)
        .returning(
            Notification.id, Notification.to_person_id, Notification.channel, Notification.address,
            Notification.template, Notification.params, Notification.lang, Notification.attempts,
        )
        .execution_options(synchronize_session=False)
    ).all()
    if not rows:
        return []
    tenant_id = require_tenant_id()
    person_ids = {row.to_person_id for row in rows if row.to_person_id}
    chosen = {
        p.person_id: p
        for p in db.session.scalars(sa.select(ContactPreference).where(ContactPreference.person_id.in_(person_ids)))
    } if person_ids else {}
    tenant = db.session.get(Tenant, tenant_id)
    settings: dict[str, dict] = {}
    claimed, opted_out = [], []
    for row in sorted(rows, key=lambda r: r.id):
        preference = chosen.get(row.to_person_id) if row.to_person_id else None
        if preference is not None and preference.opted_out_of(row.channel):
            opted_out.append(row.id)
            continue
        if row.channel not in settings:
            settings[row.channel] = channel_settings(tenant, row.channel)
        text = messages.render(row.template, row.lang, row.params)
        claimed.append(Claimed(
            channel=row.channel, attempts=row.attempts,
            message=channels.Outgoing(
                notification_id=row.id, tenant_id=tenant_id, address=row.address, subject=text.subject,
                body=text.body, lang=row.lang, settings=settings[row.channel],
            ),
        ))
    if opted_out:
        _fail_opted_out(opted_out, tenant_id)
    return claimed


def _fail_opted_out(notification_ids: list[int], tenant_id: int) -> None:
    db.session.execute(
        sa.update(Notification)
        .where(Notification.id.in_(notification_ids), Notification.status == SENDING)
        .values(status=FAILED, last_error=preferences.OPTED_OUT, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.insert(NotificationDelivery), [
        {"tenant_id": tenant_id, "notification_id": n, "status": "skipped", "error": preferences.OPTED_OUT}
        for n in notification_ids
    ])


def record_sent_many(sent: list[tuple[int, str]]) -> None:
    """Mark each (id, provider response) sent, if it is still ours, and log
    each attempt."""
    if not sent:
        return
    tenant_id = require_tenant_id()
    now = utcnow()
    table = cast(sa.Table, Notification.__table__)
    db.session.execute(
        sa.update(table)
        .where(table.c.id == sa.bindparam("n_id"), table.c.tenant_id == tenant_id, table.c.status == SENDING)
        .values(status=SENT, sent_at=now, updated_at=now, last_error=None,
                provider_response=sa.bindparam("answer")),
        [{"n_id": n, "answer": answer} for n, answer in sent],
    )
    db.session.execute(sa.insert(NotificationDelivery), [
        {"tenant_id": tenant_id, "notification_id": n, "status": "sent", "response": answer, "at": now}
        for n, answer in sent
    ])
