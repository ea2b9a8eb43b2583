"""Messages to both sides of a reservation, through the outbox."""

from __future__ import annotations

import logging

from core.errors import DomainError
from core.notifications import services as notifications
from core.notifications.messages import Text, register_templates

log = logging.getLogger(__name__)

register_templates(
    {
        "producers.reservation.new": {
            "en": Text(
                "New reservation {number}",
                "{who} reserved {quantity} {unit} of {title} for {pickup_on}. Please confirm or decline it.",
            ),
            "th": Text(
                "มีการจองใหม่ {number}",
                "{who} จอง {title} จำนวน {quantity} {unit} รับวันที่ {pickup_on} กรุณายืนยันหรือปฏิเสธการจอง",
            ),
        },
        "producers.reservation.received": {
            "en": Text(
                "Reservation {number} received",
                "Your reservation of {quantity} {unit} of {title} for {pickup_on} is waiting for the producer.",
            ),
            "th": Text(
                "ได้รับการจอง {number} แล้ว",
                "การจอง {title} จำนวน {quantity} {unit} รับวันที่ {pickup_on} รอผู้ผลิตยืนยัน",
            ),
        },
        **{
            f"producers.reservation.{status}": {
                "en": Text(
                    f"Reservation {{number}}: {en}",
                    f"Your reservation of {{quantity}} {{unit}} of {{title}} for {{pickup_on}} is {en}.",
                ),
                "th": Text(
                    f"การจอง {{number}}: {th}",
                    f"การจอง {{title}} จำนวน {{quantity}} {{unit}} รับวันที่ {{pickup_on}} {th}",
                ),
            }
            for status, (en, th) in (
                ("confirmed", ("confirmed", "ได้รับการยืนยันแล้ว")),
                ("declined", ("declined", "ถูกปฏิเสธ")),
            )
        },
        "producers.reservation.cancelled": {
            "en": Text(
                "Reservation {number} cancelled",
                "The reservation of {quantity} {unit} of {title} for {pickup_on} was cancelled.",
            ),
            "th": Text(
                "ยกเลิกการจอง {number}",
                "การจอง {title} จำนวน {quantity} {unit} รับวันที่ {pickup_on} ถูกยกเลิกแล้ว",
            ),
        },
    }
)


def send(
    template: str,
    params: dict,
    key: str,
    *,
    user_id: int | None = None,
    person_id: int | None = None,
    phone: str | None = None,
) -> None:
    """Queue one message; a recipient we cannot reach is logged, never an error
    that undoes the reservation."""
    try:
        if phone and not (user_id or person_id):
            notifications.queue_notification(
                template=template, params=params, idempotency_key=key, address=phone, channel="sms"
            )
        else:
            notifications.queue_notification(
                template=template,
                params=params,
                idempotency_key=key,
                to_user_id=user_id,
                to_person_id=person_id,
            )
    except (DomainError, LookupError) as exc:
        log.warning("reservation message %s not queued: %s", key, exc)
        if user_id or person_id:
            notifications.queue_notification(
                template=template,
                params=params,
                idempotency_key=key,
                to_user_id=user_id,
                to_person_id=person_id,
                channel="console",
            )
