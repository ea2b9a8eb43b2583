"""Rows of the lots and listings tables for the tenancy leak tests."""

from __future__ import annotations

import secrets

from core import clock

ALIASES = {
    "plot_id": "producer_plot",
    "lot_id": "producer_lot",
    "batch_id": "producer_label_batch",
    "listing_id": "producer_listing",
    "reservation_id": "producer_reservation",
}


def makers(helpers) -> dict:
    from producers.models.listings import Listing, Reservation
    from producers.models.lots import LabelBatch, Lot, QrCode
    from producers.models.pgs import Farm, Plot

    commit_in = helpers.commit_in

    def plot(tenant):
        person_id = helpers.make_person(tenant).id
        farm_id = commit_in(tenant, Farm(person_id=person_id, name="ไร่ทดสอบ"))
        return commit_in(
            tenant,
            Plot(farm_id=farm_id, code=f"L{secrets.token_hex(4)}", name="แปลง", area_sqm=400),
        )

    def lot(tenant):
        return commit_in(
            tenant,
            Lot(
                number=f"LOT-{secrets.token_hex(4)}",
                plot_id=plot(tenant),
                crop="ข้าว",
                quantity_g=1000,
                labelled_g=0,
                harvested_on=clock.today(),
            ),
        )

    def qr(tenant):
        plot_id = plot(tenant)
        return commit_in(
            tenant,
            QrCode(
                token=secrets.token_urlsafe(16),
                subject="plot",
                subject_key=f"plot:{plot_id}",
                plot_id=plot_id,
            ),
        )

    def label_batch(tenant):
        return commit_in(tenant, LabelBatch(lot_id=lot(tenant), count=1, pack_g=500))

    def listing(tenant):
        return commit_in(
            tenant,
            Listing(
                plot_id=plot(tenant),
                crop="ข้าว",
                title="ข้าว",
                unit="kg",
                price=5000,
                quantity_listed=5,
                quantity_available=5,
                pickup=True,
                delivery=False,
                status="open",
            ),
        )

    def reservation(tenant):
        return commit_in(
            tenant,
            Reservation(
                listing_id=listing(tenant),
                quantity=1,
                amount=5000,
                pickup_on=clock.today(),
                guest_name="ผู้ซื้อ",
                guest_phone="+66812345678",
                token=secrets.token_urlsafe(16),
            ),
        )

    return {
        "producer_plot": plot,
        "producer_lot": lot,
        "producer_qr": qr,
        "producer_label_batch": label_batch,
        "producer_listing": listing,
        "producer_reservation": reservation,
    }
