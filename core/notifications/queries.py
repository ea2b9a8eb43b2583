"""Read side of the outbox: the list page and the redelivery sweep."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.db import db, utcnow
from core.errors import NotFound
from core.notifications.models import Notification, NotificationDelivery
from core.paging import Page, paginate
from core.tenancy import crossing


def notifications_query() -> sa.Select:
    """The tenant's notifications, newest first."""
    return sa.select(Notification).order_by(Notification.created_at.desc(), Notification.id.desc())


def notifications_page(page: int = 1, per_page: int = 50) -> Page:
    """The tenant's notifications, newest first."""
    return paginate(notifications_query(), page, per_page, clamp=False)


def notification_with_log(notification_id: int) -> tuple[Notification, list[NotificationDelivery]]:
    """One notification of the tenant in context and its attempts, oldest first."""
    notification = db.session.scalar(sa.select(Notification).where(Notification.id == notification_id))
    if notification is None:
        raise NotFound()
    deliveries = db.session.scalars(
        sa.select(NotificationDelivery)
        .where(NotificationDelivery.notification_id == notification_id)
        .order_by(NotificationDelivery.at, NotificationDelivery.id)
    ).all()
    return notification, list(deliveries)


def person_or_404(person_id: int):
    from core.registry.models import Person

    person = db.session.scalar(sa.select(Person).where(Person.id == person_id))
    if person is None:
        raise NotFound()
    return person


def stuck_notifications(
    *, idle_for: timedelta, stale_after: timedelta, limit: int = 500
) -> list[tuple[int, int]]:
    """``(id, tenant_id)`` of rows to enqueue again, in every tenant: pending
    and untouched for ``idle_for``, or 'sending' for longer than ``stale_after``."""
    now = utcnow()
    # the sweep spans tenants; each delivery then runs in its own
    return crossing.stuck_notifications(now - idle_for, now - stale_after, limit)

