"""Delivery by village volunteers: deliveries grouped by village, assigned to a
volunteer (role ``volunteer``), proven by the recipient's name and a photo.
A visit that could not hand the goods over is recorded as an attempt with its
reason; the delivery stays open for another attempt and the goods stay set
aside. Only staff cancel the order (which releases the reservation and gives
back coupon value and money).

Every change is one conditional UPDATE; flush, never commit."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import sqlalchemy as sa

from core.audit.services import record
from core.auth.models import User
from core.db import db, utcnow
from core.errors import N_, Conflict, NotFound, ValidationError
from core.registry.models import Village
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Membership
from market.models.orders import Delivery, Order
from market.orders import policies
from market.orders import services as orders

OPEN = ("waiting", "assigned")
STATUS_LABELS = policies.DELIVERY_STATUS_LABELS


class DeliveryNotFound(NotFound):
    code = "delivery_not_found"
    message = N_("Delivery not found")


class NotAVolunteer(ValidationError):
    code = "delivery_not_a_volunteer"
    message = N_("Choose a village volunteer of this organisation")


class DeliveryClosed(Conflict):
    code = "delivery_closed"
    message = N_("This delivery is already %(status)s")


class NotYours(Conflict):
    code = "delivery_not_yours"
    message = N_("This delivery is assigned to another volunteer")


class OrderNotReady(Conflict):
    code = "delivery_order_not_ready"
    message = N_("The goods of this order are not packed and ready yet")


class RecipientRequired(ValidationError):
    code = "delivery_recipient_required"
    message = N_("Write the name of the person who received the goods")


class PhotoRequired(ValidationError):
    code = "delivery_photo_required"
    message = N_("Take a photo of the delivered goods")


class ReasonRequired(ValidationError):
    code = "delivery_reason_required"
    message = N_("Say why the goods could not be delivered")


def get(delivery_id: int) -> Delivery:
    if isinstance(delivery_id, bool) or not isinstance(delivery_id, int):
        raise DeliveryNotFound()
    delivery = db.session.scalar(
        sa.select(Delivery).where(Delivery.id == delivery_id).execution_options(populate_existing=True)
    )
    if delivery is None:
        raise DeliveryNotFound()
    return delivery


def for_volunteer(delivery_id: int, user_id: int | None, *, manager: bool) -> Delivery:
    """A volunteer sees only the deliveries assigned to them (others: not found)."""
    delivery = get(delivery_id)
    if not manager and delivery.volunteer_user_id != user_id:
        raise DeliveryNotFound()
    return delivery


def by_village(statuses: Sequence[str] = OPEN) -> OrderedDict:
    """Open deliveries grouped by village (villages by number, then name)."""
    rows = db.session.execute(
        sa.select(Delivery, Village)
        .outerjoin(Village, sa.and_(Village.id == Delivery.village_id, Village.tenant_id == Delivery.tenant_id))
        .where(Delivery.status.in_(list(statuses)))
        .order_by(Village.moo.nulls_last(), Village.name_th, Delivery.id)
    ).all()
    groups: OrderedDict = OrderedDict()
    for delivery, village in rows:
        groups.setdefault(village, []).append(delivery)
    return groups


def mine(user_id: int, *, include_done: bool = False) -> list[Delivery]:
    statuses = ("assigned", "delivered", "undelivered") if include_done else ("assigned",)
    return list(db.session.scalars(
        sa.select(Delivery)
        .where(Delivery.volunteer_user_id == user_id, Delivery.status.in_(statuses))
        .order_by(Delivery.village_id, Delivery.id)
    ))


def volunteers() -> list[User]:
    """Active members of the tenant with the volunteer role."""
    members = db.session.execute(
        sa.select(User, Membership.roles)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == require_tenant_id(), Membership.active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
    return [user for user, roles in members if "volunteer" in (roles or [])]


def assign(delivery_ids: Sequence[int], volunteer_user_id: int, *, actor_id: int | None) -> int:
    """Give open deliveries to a volunteer; returns how many were assigned."""
    if volunteer_user_id not in {u.id for u in volunteers()}:
        raise NotAVolunteer(field="volunteer_user_id")
    ids = [i for i in delivery_ids if isinstance(i, int) and not isinstance(i, bool)]
    if not ids:
        return 0
    changed = db.session.execute(
        sa.update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.status.in_(OPEN))
        .values(status="assigned", volunteer_user_id=volunteer_user_id, assigned_at=utcnow(), updated_at=utcnow())
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    for delivery_id in changed:
        record("market.delivery.assign", actor_id=actor_id, target_type="market_delivery", target_id=delivery_id,
               after={"volunteer_user_id": volunteer_user_id})
    return len(changed)


def prove(
    delivery_id: int,
    *,
    recipient_name: str,
    photo: bytes | None,
    filename: str | None,
    actor_id: int | None,
    manager: bool = False,
) -> Delivery:
    """Delivered: the recipient's name and a photo (a core document), then the
    order becomes delivered and its reserved goods leave the stock."""
    from core.documents.services import store

    delivery = for_volunteer(delivery_id, actor_id, manager=manager)
    name = (recipient_name or "").strip()[:200]
    if not name:
        raise RecipientRequired(field="recipient_name")
    if not photo:
        raise PhotoRequired(field="photo")
    check_open(delivery, actor_id, manager)
    order = orders.get(delivery.order_id)
    if order.status != "ready":
        raise OrderNotReady()
    with db.session.begin_nested():
        document = store(photo, filename, "photo", actor_id=actor_id, target_type="market_delivery",
                         target_id=delivery.id)
        changed = db.session.execute(
            sa.update(Delivery)
            .where(Delivery.id == delivery.id, Delivery.status.in_(OPEN))
            .values(status="delivered", recipient_name=name, proof_document_id=document.id,
                    delivered_at=utcnow(), updated_at=utcnow())
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        ).first()
        if changed is None:
            raise DeliveryClosed(status=get(delivery.id).status)
        orders.deliver(order.id, actor_id=actor_id)
    record("market.delivery.delivered", actor_id=actor_id, target_type="market_delivery", target_id=delivery.id,
           after={"recipient_name": name, "document_id": document.id})
    return get(delivery.id)


def undelivered(delivery_id: int, *, reason: str, actor_id: int | None, manager: bool = False) -> Delivery:
    """A visit that could not hand the goods over: an attempt with its reason.
    The delivery stays open (assigned to the same volunteer) for another try;
    nothing is cancelled."""
    from market.models.delivery import DeliveryAttempt

    delivery = for_volunteer(delivery_id, actor_id, manager=manager)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    check_open(delivery, actor_id, manager)
    changed = db.session.execute(
        sa.update(Delivery)
        .where(Delivery.id == delivery.id, Delivery.status.in_(OPEN))
        .values(note=reason[:2000], updated_at=utcnow())
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:
        raise DeliveryClosed(status=get(delivery.id).status)
    attempt = DeliveryAttempt(delivery_id=delivery.id, reason=reason[:2000], volunteer_user_id=actor_id)
    db.session.add(attempt)
    db.session.flush()
    record("market.delivery.attempt_failed", actor_id=actor_id, target_type="market_delivery",
           target_id=delivery.id, after={"reason": reason, "attempt_id": attempt.id})
    return get(delivery.id)


def attempts(delivery_id: int) -> list:
    from market.models.delivery import DeliveryAttempt

    return list(db.session.scalars(
        sa.select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id).order_by(DeliveryAttempt.id)))


def check_open(delivery: Delivery, actor_id: int | None, manager: bool) -> None:
    if delivery.status not in OPEN:
        raise DeliveryClosed(status=delivery.status)
    if not manager and delivery.volunteer_user_id != actor_id:
        raise NotYours()


def order_of(delivery: Delivery) -> Order:
    return orders.get(delivery.order_id)
