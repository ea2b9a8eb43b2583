"""Low-stock alerts through the outbox: when what is available at a centre
falls to an item's threshold, the organisation's staff get one message; the
flag is cleared when stock is back above the threshold."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.notifications import messages
from core.notifications.models import Notification
from core.notifications.services import queue_notification
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Membership
from market.catalog import units
from market.models.catalog import Centre
from market.models.stock import StockLevel

TEMPLATE = "market.low_stock"
ALERT_ROLES = ("admin", "staff")

messages.register_templates(
    {
        TEMPLATE: {
            "en": messages.Text(
                "Low stock: {item}",
                "Only {available} {unit} of {item} are left at {centre} (alert at {threshold}).",
            ),
            "th": messages.Text(
                "สินค้าใกล้หมด: {item}",
                "{item} ที่{centre} เหลือเพียง {available} {unit_th} (แจ้งเตือนเมื่อเหลือ {threshold})",
            ),
        }
    }
)


def check_low(centre_id: int, item, *, level_id: int, available: int, alerted: bool) -> None:
    if alerted or item.low_stock_threshold <= 0 or available > item.low_stock_threshold:
        return
    # Only the transaction that flips the flag sends the alert.
    flipped = db.session.execute(
        sa.update(StockLevel)
        .where(StockLevel.id == level_id, StockLevel.low_alerted.is_(False))
        .values(low_alerted=True)
        .returning(StockLevel.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if flipped is None:
        return
    centre = db.session.get(Centre, centre_id)
    for user_id in staff_user_ids():
        queue_notification(
            template=TEMPLATE,
            params={
                "item": item.name_th,
                "available": available,
                "unit": item.unit,
                "unit_th": units.in_thai(item.unit),
                "centre": centre.name if centre else "",
                "threshold": item.low_stock_threshold,
            },
            idempotency_key=_fresh_key(level_id, user_id),
            to_user_id=user_id,
        )


def clear_low(level_id: int) -> None:
    db.session.execute(
        sa.update(StockLevel)
        .where(StockLevel.id == level_id)
        .values(low_alerted=False)
        .execution_options(synchronize_session=False)
    )


def staff_user_ids() -> list[int]:
    members = db.session.scalars(
        sa.select(Membership).where(
            Membership.tenant_id == require_tenant_id(), Membership.active.is_(True)
        )
    )
    return sorted(m.user_id for m in members if m.has_role(*ALERT_ROLES))


def _fresh_key(level_id: int, user_id: int) -> str:
    """A new key each time this level runs low (the flag flip above already
    makes this transaction the only sender)."""
    prefix = f"market.low_stock:{level_id}:{user_id}:"
    sent = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Notification)
        .where(Notification.idempotency_key.like(prefix + "%"))
    )
    return f"{prefix}{(sent or 0) + 1}"
