"""Reservations: availability taken atomically, released exactly once on
decline or cancel, both sides told through the outbox, payment at pickup or
online through core.payments; concurrent reservations never oversell."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import Conflict, Forbidden, ValidationError
from core.tenancy.context import tenant_context
from tests.fields import error_at
from tests.race import race


def _reserve(net, listing_id, **kw):
    from producers.listings import reservations

    kw.setdefault("quantity", 2)
    kw.setdefault("pickup_on", net.today + timedelta(days=2))
    if "consumer" not in kw:
        kw.setdefault("guest_name", "คุณผู้ซื้อ")
        kw.setdefault("guest_phone", "089 765 4321")
    with tenant_context(net.tenant.id):
        row = reservations.reserve(listing_id, **kw)
        db.session.commit()
        return row


def _available(net, listing_id):
    from producers.models.listings import Listing

    with tenant_context(net.tenant.id):
        db.session.expire_all()
        return db.session.get(Listing, listing_id).quantity_available


def _notifications(net):
    from core.notifications.models import Notification

    with tenant_context(net.tenant.id):
        return list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))


def test_guest_reserves_and_both_sides_are_told(net, listing):
    row = listing(quantity=10)
    reservation = _reserve(net, row.id, quantity=3)
    assert reservation.status == "pending" and reservation.amount == 3 * 4000
    assert reservation.guest_phone == "+66897654321" and len(reservation.token) >= 22
    assert _available(net, row.id) == 7
    templates = [(n.template, n.to_person_id, n.address) for n in _notifications(net)]
    assert ("producers.reservation.new", net.person.id, None) in [
        (t, p, None) for t, p, _a in templates
    ]
    assert ("producers.reservation.received", None, "+66897654321") in templates


def test_cannot_reserve_more_than_is_left(net, listing):
    row = listing(quantity=5)
    _reserve(net, row.id, quantity=4)
    with pytest.raises(Conflict):
        _reserve(net, row.id, quantity=2)
    db.session.rollback()
    assert _available(net, row.id) == 1


def test_decline_and_cancel_release_the_quantity_once(net, listing):
    from producers.listings import reservations

    row = listing(quantity=10)
    first = _reserve(net, row.id, quantity=4)
    second = _reserve(net, row.id, quantity=3)
    assert _available(net, row.id) == 3
    with tenant_context(net.tenant.id):
        reservations.decline(net.producer, net.tenant.id, first.id, "หมดแล้ว")
        db.session.commit()
        with pytest.raises(Conflict):
            reservations.decline(net.producer, net.tenant.id, first.id)
        db.session.rollback()
        reservations.confirm(net.producer, net.tenant.id, second.id)
        db.session.commit()
        again = reservations.get(second.id)
        reservations.cancel(again, token=again.token)
        db.session.commit()
        with pytest.raises(Conflict):
            reservations.cancel(reservations.get(second.id), token=again.token)
        db.session.rollback()
    assert _available(net, row.id) == 10
    kinds = [n.template for n in _notifications(net)]
    assert (
        "producers.reservation.confirmed" in kinds
        and kinds.count("producers.reservation.cancelled") == 2
    )


def test_only_the_producer_of_the_listing_decides(net, listing):
    from producers.listings import reservations

    row = listing()
    reservation = _reserve(net, row.id)
    with tenant_context(net.tenant.id):
        with pytest.raises(Forbidden):
            reservations.confirm(net.other_producer, net.tenant.id, reservation.id)
        db.session.rollback()
        with pytest.raises(Forbidden):
            reservations.cancel(reservations.get(reservation.id), token="wrong-token-wrong-token")
        db.session.rollback()


def test_guest_needs_a_phone_and_a_name(net, listing):
    row = listing()
    for kw, field in (
        (dict(guest_phone=""), "guest_phone"),
        (dict(guest_phone="12"), "guest_phone"),
        (dict(guest_name=""), "guest_name"),
        (dict(quantity=0), "quantity"),
        (dict(pickup_on=net.today - timedelta(days=1)), "pickup_on"),
        (dict(pickup_on=net.today + timedelta(days=400)), "pickup_on"),
        (dict(fulfilment="delivery"), "fulfilment"),
        (dict(payment_method="online"), "payment_method"),
    ):
        with pytest.raises(ValidationError) as exc:
            _reserve(net, row.id, **kw)
        assert exc.value.field == field, kw
        db.session.rollback()
    assert _available(net, row.id) == 10


def test_no_reservation_once_the_certificate_is_revoked(net, listing):
    row = listing()
    net.set_status(net.mine.cert, "revoked")
    with pytest.raises(Conflict):
        _reserve(net, row.id)
    db.session.rollback()


def test_online_payment_through_core_payments(net, listing, make_member, make_person):
    from core.payments import services as payments
    from core.payments.models import Payment
    from tests.core.payments.methods import with_own_promptpay

    consumer = make_member(net.tenant, "household")
    person = make_person(net.tenant, user_id=consumer.id)
    row = listing()
    with_own_promptpay(net.tenant.id)
    reservation = _reserve(net, row.id, quantity=2, consumer=consumer, payment_method="online")
    with tenant_context(net.tenant.id):
        payment = db.session.get(Payment, reservation.payment_id)
        assert (
            payment.purpose == f"producers.reservation:{reservation.id}" and payment.amount == 8000
        )
        assert payment.payer_person_id == person.id  # so the consumer may open core's payment page
        payments.transition(payment.id, "succeeded", source="test")
        db.session.commit()
        from producers.models.listings import Reservation

        db.session.expire_all()
        assert db.session.get(Reservation, reservation.id).paid


def test_reservation_pages(net, listing, client):
    row = listing(quantity=6)
    page = client.get(f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve")
    assert page.status_code == 200 and 'data-test="reserve-form"' in page.get_data(as_text=True)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve",
        data={
            "quantity": "2",
            "pickup_on": (net.today + timedelta(days=1)).isoformat(),
            "guest_name": "ผู้ซื้อ",
            "guest_phone": "0897654321",
            "fulfilment": "pickup",
            "payment_method": "cash",
        },
    )
    assert response.status_code == 302
    mine = client.get(response.headers["Location"])
    assert mine.status_code == 200 and "รอผู้ผลิตยืนยัน" in mine.get_data(as_text=True)
    too_many = client.post(
        f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve",
        data={
            "quantity": "5",
            "pickup_on": net.today.isoformat(),
            "guest_name": "ก",
            "guest_phone": "0897654321",
        },
    )
    assert too_many.status_code == 409 and "เหลือเพียง 4" in too_many.get_data(as_text=True)
    assert "เหลือเพียง 4" in error_at(too_many.get_data(as_text=True), "quantity")  # at its box, aria-invalid
    client.login(net.producer)
    listing_page = client.get(f"/t/{net.tenant.slug}/producers/reservations")
    assert listing_page.status_code == 200 and "ผู้ซื้อ" in listing_page.get_data(as_text=True)
    from producers.models.listings import Reservation

    with tenant_context(net.tenant.id):
        rid = db.session.scalar(sa.select(Reservation.id))
    assert (
        client.post(f"/t/{net.tenant.slug}/producers/reservations/{rid}/confirm").status_code == 302
    )
    with tenant_context(net.tenant.id):
        assert db.session.get(Reservation, rid).status == "confirmed"


def test_concurrent_reservations_never_exceed_the_listing(postgres_only, app, net, listing):
    """20 buyers at once for 2 units each of 15 listed: at most 7 succeed."""
    from producers.listings import reservations
    from producers.models.listings import Listing, Reservation

    row = listing(quantity=15)
    listing_id, tenant_id, day = row.id, net.tenant.id, net.today + timedelta(days=1)

    def buy(n: int) -> None:
        reservations.reserve(
            listing_id,
            quantity=2,
            pickup_on=day,
            guest_name=f"ผู้ซื้อ {n}",
            guest_phone=f"08{n:08d}",
        )

    outcomes = race(app, tenant_id, 20, buy)
    assert outcomes == {"ok": 7, "NotEnoughLeft": 13}, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        taken = db.session.scalar(sa.select(sa.func.sum(Reservation.quantity)))
        assert taken == 14
        assert db.session.get(Listing, listing_id).quantity_available == 1


def test_online_payment_is_not_offered_until_the_network_sets_one_up(
    net, listing, make_member, client, app, monkeypatch
):
    from core.payments.models import Payment
    from producers.listings import reservations
    from tests.core.payments.methods import with_own_promptpay

    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)
    consumer = make_member(net.tenant, "household")
    row = listing()
    client.login(consumer)
    page = client.get(f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve").get_data(as_text=True)
    assert 'value="online"' not in page
    with pytest.raises(reservations.OnlinePaymentNotOffered):
        _reserve(net, row.id, quantity=2, consumer=consumer, payment_method="online")  # a forged form
    db.session.rollback()
    assert _available(net, row.id) == 10
    with tenant_context(net.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0
    with_own_promptpay(net.tenant.id)
    page = client.get(f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve").get_data(as_text=True)
    assert 'value="online"' in page
