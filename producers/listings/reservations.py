"""Reservations: a consumer (logged in, or a guest with a phone number)
reserves units of a listing for a pickup date.

Availability is one conditional UPDATE (``quantity_available >= n``), so
concurrent reservations never take more than is listed; every status change is
a conditional UPDATE too, so a quantity is released exactly once. Flush, never
commit."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core import clock
from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from core.registry.policies import normalise_phone
from producers.listings import notify
from producers.listings.services import _int, get_listing, visible
from producers.lots import ownership
from producers.lots.qr import new_token
from producers.models.listings import PAYMENT_METHODS, Listing, Reservation
from producers.models.pgs import Farm, Plot

MAX_DAYS_AHEAD = 60
PAYMENT_PURPOSE = "producers.reservation"


class ReservationNotFound(NotFound):
    code = "reservation_not_found"
    message = N_("Reservation not found")


class NotEnoughLeft(Conflict):
    code = "not_enough_left"
    message = N_("Only %(available)s %(unit)s are left")


class WrongState(Conflict):
    code = "reservation_wrong_state"
    message = N_("This reservation is %(status)s and cannot be changed that way")


class OnlinePaymentNotOffered(ValidationError):
    code = "reservation_online_payment_not_offered"
    message = N_("This network does not take payments online. Choose to pay in cash at pickup.")


def online_payment_offered(tenant=None) -> bool:
    """Online payment of a reservation is a PromptPay payment: offered only
    when the network set up its own PromptPay or Stripe."""
    from core.payments import gateway

    try:
        gateway.require_offered("promptpay", tenant=tenant)
    except gateway.MethodNotOffered:
        return False
    return True


def get(reservation_id: int) -> Reservation:
    reservation = db.session.get(Reservation, reservation_id)
    if reservation is None:
        raise ReservationNotFound()
    return reservation


def by_token(token: str) -> Reservation:
    reservation = (
        db.session.scalar(sa.select(Reservation).where(Reservation.token == token))
        if token
        else None
    )
    if reservation is None:
        raise ReservationNotFound()
    return reservation


def number(reservation: Reservation) -> str:
    return f"R{reservation.id:06d}"


def _params(reservation: Reservation, listing: Listing) -> dict:
    from core.i18n.formatting import format_date

    who = reservation.guest_name or "—"
    return {
        "number": number(reservation),
        "quantity": reservation.quantity,
        "unit": listing.unit,
        "title": listing.title,
        "pickup_on": format_date(reservation.pickup_on, "long", lang="th"),
        "who": who,
    }


def _producer_person(listing: Listing) -> int | None:
    return db.session.scalar(
        sa.select(Farm.person_id)
        .join(Plot, Plot.farm_id == Farm.id)
        .where(Plot.id == listing.plot_id)
    )


def reserve(
    listing_id: int,
    *,
    quantity,
    pickup_on: date | None,
    consumer=None,
    guest_name: str | None = None,
    guest_phone: str | None = None,
    fulfilment: str = "pickup",
    payment_method: str = "cash",
    note: str | None = None,
    today: date | None = None,
) -> Reservation:
    today = today or clock.today()
    listing = get_listing(listing_id)
    if visible(listing) is None:
        raise Conflict(N_("This listing is not available any more"))
    quantity = _int(quantity, "quantity")
    if pickup_on is None:
        raise ValidationError(N_("Choose a pickup date"), field="pickup_on")
    if pickup_on < today or pickup_on > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(
            N_("Choose a pickup date within the next %(days)s days"),
            field="pickup_on",
            days=MAX_DAYS_AHEAD,
        )
    if fulfilment not in ("pickup", "delivery") or not getattr(listing, fulfilment):
        raise ValidationError(N_("This producer does not offer that"), field="fulfilment")
    if payment_method not in PAYMENT_METHODS:
        raise ValidationError(N_("Choose how to pay"), field="payment_method")
    user_id = (
        getattr(consumer, "id", None) if getattr(consumer, "is_authenticated", False) else None
    )
    name = (guest_name or "").strip()[:200] or None
    phone = None
    if user_id is None:
        phone = normalise_phone(guest_phone, field="guest_phone")
        if not phone:
            raise ValidationError(
                N_("Leave a phone number so the producer can reach you"), field="guest_phone"
            )
        if not name:
            raise ValidationError(N_("Leave your name"), field="guest_name")
        if payment_method == "online":
            raise ValidationError(
                N_("Log in to pay online, or pay in cash at pickup"), field="payment_method"
            )
    else:
        name = name or getattr(consumer, "display_name", None)
    if payment_method == "online" and not online_payment_offered():
        raise OnlinePaymentNotOffered(field="payment_method")
    taken = db.session.execute(
        sa.update(Listing)
        .where(
            Listing.id == listing.id,
            Listing.status == "open",
            Listing.quantity_available >= quantity,
        )
        .values(quantity_available=Listing.quantity_available - quantity)
        .returning(Listing.price)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is None:
        db.session.refresh(listing)
        raise NotEnoughLeft(
            field="quantity", available=listing.quantity_available, unit=listing.unit
        )
    reservation = Reservation(
        listing_id=listing.id,
        quantity=quantity,
        amount=taken.price * quantity,
        pickup_on=pickup_on,
        fulfilment=fulfilment,
        status="pending",
        consumer_user_id=user_id,
        guest_name=name,
        guest_phone=phone,
        note=(note or "").strip()[:500] or None,
        token=new_token(),
        payment_method=payment_method,
    )
    db.session.add(reservation)
    db.session.flush()
    db.session.refresh(listing)
    params = _params(reservation, listing)
    notify.send(
        "producers.reservation.new",
        params,
        f"producers.reservation.new:{reservation.id}",
        person_id=_producer_person(listing),
    )
    notify.send(
        "producers.reservation.received",
        params,
        f"producers.reservation.received:{reservation.id}",
        user_id=user_id,
        phone=phone,
    )
    if payment_method == "online":
        _create_payment(reservation, listing, consumer)
    record(
        "producers.reservation.create",
        actor_id=user_id,
        target_type="producer_reservation",
        target_id=reservation.id,
        after={
            "listing_id": listing.id,
            "quantity": quantity,
            "pickup_on": pickup_on.isoformat(),
            "guest": user_id is None,
        },
    )
    return reservation


def _create_payment(reservation: Reservation, listing: Listing, consumer) -> None:
    from core.ledger.services import get_or_create_account
    from core.money import Money
    from core.payments import services as payments
    from core.registry.models import Person

    consumer_id = getattr(consumer, "id", None)
    payer_person_id = (
        db.session.scalar(
            sa.select(Person.id).where(Person.user_id == consumer_id).order_by(Person.id).limit(1)
        )
        if consumer_id
        else None
    )
    account = get_or_create_account(
        "general",
        "2310",
        "เงินรับแทนผู้ผลิต (การจองผลผลิต)",
        "Held for producers (produce reservations)",
        "liability",
    )
    payment = payments.create_payment(
        purpose=f"{PAYMENT_PURPOSE}:{reservation.id}",
        amount=Money(reservation.amount),
        method="promptpay",
        credit_account=account,
        idempotency_key=f"producers.reservation:{reservation.id}",
        description=f"{number(reservation)} {listing.title}"[:200],
        payer_name=reservation.guest_name,
        payer_person_id=payer_person_id,
        ref1=number(reservation),
        actor_id=getattr(consumer, "id", None),
    )
    reservation.payment_id = payment.id
    db.session.flush()


def _move(
    reservation: Reservation,
    allowed: tuple[str, ...],
    target: str,
    *,
    actor_id: int | None,
    reason: str | None = None,
) -> bool:
    done = db.session.execute(
        sa.update(Reservation)
        .where(Reservation.id == reservation.id, Reservation.status.in_(allowed))
        .values(
            status=target,
            decided_at=utcnow(),
            decided_by_user_id=actor_id,
            reason=(reason or "").strip()[:300] or None,
        )
        .returning(Reservation.id)
        .execution_options(synchronize_session=False)
    ).first()
    db.session.refresh(reservation)
    if done is None:
        raise WrongState(status=reservation.status)
    return True


def _release(reservation: Reservation) -> None:
    db.session.execute(
        sa.update(Listing)
        .where(Listing.id == reservation.listing_id)
        .values(quantity_available=Listing.quantity_available + reservation.quantity)
        .execution_options(synchronize_session=False)
    )


def _tell_consumer(reservation: Reservation, template: str, extra: dict | None = None) -> None:
    listing = get_listing(reservation.listing_id)
    params = {**_params(reservation, listing), **(extra or {})}
    notify.send(
        template,
        params,
        f"{template}:{reservation.id}:{reservation.status}",
        user_id=reservation.consumer_user_id,
        phone=reservation.guest_phone,
    )


def _check_producer(actor, tenant_id: int, reservation: Reservation) -> Listing:
    listing = get_listing(reservation.listing_id)
    ownership.check_plot(actor, tenant_id, listing.plot_id)
    return listing


def confirm(actor, tenant_id: int, reservation_id: int) -> Reservation:
    reservation = get(reservation_id)
    _check_producer(actor, tenant_id, reservation)
    _move(reservation, ("pending",), "confirmed", actor_id=actor.id)
    _tell_consumer(reservation, "producers.reservation.confirmed")
    record(
        "producers.reservation.confirm",
        actor_id=actor.id,
        target_type="producer_reservation",
        target_id=reservation.id,
    )
    return reservation


def decline(actor, tenant_id: int, reservation_id: int, reason: str | None = None) -> Reservation:
    reservation = get(reservation_id)
    _check_producer(actor, tenant_id, reservation)
    _move(reservation, ("pending",), "declined", actor_id=actor.id, reason=reason)
    _release(reservation)
    _tell_consumer(reservation, "producers.reservation.declined")
    record(
        "producers.reservation.decline",
        actor_id=actor.id,
        target_type="producer_reservation",
        target_id=reservation.id,
        after={"reason": reason},
    )
    return reservation


def mark_collected(actor, tenant_id: int, reservation_id: int) -> Reservation:
    reservation = get(reservation_id)
    _check_producer(actor, tenant_id, reservation)
    _move(reservation, ("confirmed",), "collected", actor_id=actor.id)
    record(
        "producers.reservation.collect",
        actor_id=actor.id,
        target_type="producer_reservation",
        target_id=reservation.id,
    )
    return reservation


def cancel(
    reservation: Reservation,
    *,
    actor=None,
    tenant_id: int | None = None,
    token: str | None = None,
    reason: str | None = None,
) -> Reservation:
    """By the consumer (their own, or a guest holding the token) or by the producer."""
    actor_id = getattr(actor, "id", None) if getattr(actor, "is_authenticated", False) else None
    if token is not None:
        if token != reservation.token:
            raise Forbidden()
    elif actor_id is None:
        raise Forbidden()
    elif reservation.consumer_user_id != actor_id:
        _check_producer(actor, tenant_id, reservation)
    _move(reservation, ("pending", "confirmed"), "cancelled", actor_id=actor_id, reason=reason)
    _release(reservation)
    listing = get_listing(reservation.listing_id)
    params = _params(reservation, listing)
    notify.send(
        "producers.reservation.cancelled",
        params,
        f"producers.reservation.cancelled:p:{reservation.id}",
        person_id=_producer_person(listing),
    )
    notify.send(
        "producers.reservation.cancelled",
        params,
        f"producers.reservation.cancelled:c:{reservation.id}",
        user_id=reservation.consumer_user_id,
        phone=reservation.guest_phone,
    )
    record(
        "producers.reservation.cancel",
        actor_id=actor_id,
        target_type="producer_reservation",
        target_id=reservation.id,
        after={"reason": reason},
    )
    return reservation


def for_producer(
    actor, tenant_id: int, status: str | None = None, limit: int | None = 500
) -> list[tuple[Reservation, Listing]]:
    stmt = (
        sa.select(Reservation, Listing)
        .join(Listing, Listing.id == Reservation.listing_id)
        .order_by(Reservation.pickup_on, Reservation.id)
        .limit(limit)
    )
    if status:
        stmt = stmt.where(Reservation.status == status)
    stmt = ownership.visible_plots(actor, tenant_id, stmt, Listing.plot_id)
    return [tuple(row) for row in db.session.execute(stmt)]


def for_consumer(user_id: int, limit: int | None = 200) -> list[tuple[Reservation, Listing]]:
    stmt = (
        sa.select(Reservation, Listing)
        .join(Listing, Listing.id == Reservation.listing_id)
        .where(Reservation.consumer_user_id == user_id)
        .order_by(Reservation.id.desc())
        .limit(limit)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def on_payment(payment, status: str) -> None:
    """core.payments hook: an online payment of a reservation succeeded or was refunded."""
    try:
        reservation_id = int(payment.purpose.split(":", 1)[1])
    except (IndexError, ValueError):
        return
    reservation = db.session.get(Reservation, reservation_id)
    if reservation is None:
        return
    if status == "succeeded":
        reservation.paid = True
    elif status in ("refunded", "failed", "cancelled"):
        reservation.paid = False
    db.session.flush()
