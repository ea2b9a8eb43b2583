"""Demo harvest lots and listings on the Songkhla PGS network's certified
plots (after the PGS demo): a lot per certified plot, its label batch, a
listing on the catalogue and one guest reservation. Idempotent."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import clock, modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership, Tenant

TENANT = "songkhla-pgs"
PRICES = {"kg": 6000}  # satang per unit


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        from producers.models.lots import Lot

        if db.session.scalar(sa.select(Lot.id).limit(1)) is not None:
            return ""
        return _seed(tenant)


def _actor(tenant: Tenant):
    from core.auth.models import User

    for membership in db.session.scalars(sa.select(Membership).where(Membership.tenant_id == tenant.id)):
        if "admin" in membership.roles:
            return db.session.get(User, membership.user_id)
    return None


def _seed(tenant: Tenant) -> str:
    from producers.certification import plot_status
    from producers.listings import reservations
    from producers.listings import services as listings
    from producers.lots import services as lots
    from producers.models.pgs import CertificatePlot, Planting, Plot

    actor = _actor(tenant)
    if actor is None:
        return ""
    today = clock.today()
    made_lots = made_listings = 0
    # only plots some certificate has covered: the network's thousands of
    # others have no lot to harvest yet (and would cost queries each)
    covered = sa.select(CertificatePlot.plot_id)
    for plot in db.session.scalars(
        sa.select(Plot).where(Plot.active, Plot.id.in_(covered)).order_by(Plot.code)
    ):
        planting = db.session.scalar(sa.select(Planting).where(Planting.plot_id == plot.id)
                                     .order_by(Planting.planted_on.desc().nulls_last()).limit(1))
        crop = planting.crop if planting else "ผักรวม"
        if planting and planting.planted_on and planting.planted_on > today:
            continue
        cert = plot_status(plot.id, crop=crop)
        if cert.status == "none":
            continue
        harvested_on = max(today - timedelta(days=1), planting.planted_on if planting and planting.planted_on
                           else today - timedelta(days=1))
        lot = lots.record_harvest(actor, tenant.id, plot_id=plot.id, quantity_g=40_000,
                                  harvested_on=harvested_on, crop=crop,
                                  planting_id=planting.id if planting else None)
        lots.issue_labels(actor, tenant.id, lot_id=lot.id, count=24, pack_g=1000)
        made_lots += 1
        if cert.sellable:
            listing = listings.create_listing(actor, tenant.id, {
                "lot_id": lot.id, "title": f"{crop} จากแปลง {plot.code}", "unit": "kg",
                "price": PRICES["kg"], "quantity": 30, "pickup": True, "delivery": made_listings % 2 == 0,
                "pickup_note": "ตลาดเขียวหน้าศาลากลาง วันเสาร์ 07:00–11:00",
                "delivery_note": "ส่งในเขตเมืองสงขลา ค่าส่ง 30 บาท",
            })
            if made_listings == 0:
                reservations.reserve(listing.id, quantity=2, pickup_on=today + timedelta(days=2),
                                     guest_name="คุณวันดี", guest_phone="0899999999")
            made_listings += 1
    db.session.flush()
    return f"producers lots: {made_lots} lots with labels, {made_listings} listings, 1 reservation"


modules.register_demo("producers.1_lots", seed)
