"""Handing committed notifications to the workers, gathered per transaction.

A business transaction that queues many notifications (the morning's loan
reminders, a round's booking reminders) used to enqueue one delivery task per
row. Now the rows a transaction wrote are gathered and, once it commits, handed
over in batches of ``BATCH``: one task claims a batch with one statement, sends
each message and records the outcomes together. A transaction that queued a
single notification still enqueues the single-delivery task.

A savepoint that rolls back drops its notifications from the batch (each row
is registered with ``after_commit`` in its own savepoint); a rolled-back
transaction enqueues nothing.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from core.db import after_commit, db

BATCH = 100
_GATHERED = "pansuk_notification_outbox"


def enqueue_after_commit(notification_id: int, tenant_id: int) -> None:
    session = db.session()
    root = session.get_transaction()
    held = session.info.get(_GATHERED)
    if held is None or held[0] is not root:
        batch: list[tuple[int, int]] = []
        session.info[_GATHERED] = (root, batch)
        after_commit(partial(_hand_over, batch), last=True)
    else:
        batch = held[1]
    after_commit(partial(batch.append, (notification_id, tenant_id)))


def _hand_over(batch: list[tuple[int, int]]) -> None:
    from core.notifications.tasks import deliver_notification, deliver_notifications

    session = db.session()
    held = session.info.get(_GATHERED)
    if held is not None and held[1] is batch:
        session.info.pop(_GATHERED)
    by_tenant: dict[int, list[int]] = defaultdict(list)
    for notification_id, tenant_id in batch:
        by_tenant[tenant_id].append(notification_id)
    for tenant_id, ids in by_tenant.items():
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            if len(chunk) == 1:
                deliver_notification.delay(chunk[0], tenant_id)
            else:
                deliver_notifications.delay(chunk, tenant_id)
