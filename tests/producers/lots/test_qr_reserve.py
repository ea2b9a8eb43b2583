"""The consumer who scanned a label reserves from the page it opened: each
open listing of that plot (or of the lot's crop) has its "reserve" button to
the form; nothing to reserve when the listing is closed or sold out, or the
certificate stops. And Thailand's date at 05:00 on the lot number and the
pickup date."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from core import clock
from core.db import db
from core.tenancy.context import tenant_context


def _plot_token(net) -> str:
    from producers.lots import services

    with tenant_context(net.tenant.id):
        token = services.qr_for_plot(net.mine.plot.id).token
        db.session.commit()
        return token


def _lot_token(net, lot) -> str:
    from producers.models.lots import QrCode

    with tenant_context(net.tenant.id):
        return db.session.scalar(sa.select(QrCode.token).where(QrCode.lot_id == lot.id))


def test_the_scanned_page_leads_to_the_reservation_form(net, listing, client):
    row = listing()
    html = client.get(f"/q/{_plot_token(net)}").get_data(as_text=True)
    reserve = f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve"
    assert 'data-test="offer"' in html and "ผักบุ้งอินทรีย์" in html
    assert f'href="{reserve}"' in html or reserve in html
    form = client.get(reserve)
    assert form.status_code == 200 and 'name="pickup_on"' in form.get_data(as_text=True)
    facts = client.get(f"/q/{_plot_token(net)}", headers={"Accept": "application/json"}).get_json()
    assert [o["reserve_url"].endswith(f"/catalogue/{row.id}/reserve") for o in facts["offers"]] == [True]


def test_a_lot_label_offers_only_its_own_crop(net, listing, harvest, client):
    lot = harvest(30)
    listing(title="ผักบุ้งจากล็อตนี้")
    listing(crop="มะละกอ", title="มะละกอสุก")
    html = client.get(f"/q/{_lot_token(net, lot)}").get_data(as_text=True)
    assert "ผักบุ้งจากล็อตนี้" in html and "มะละกอสุก" not in html


def test_closed_or_suspended_offers_no_reserve_button(net, listing, client):
    from producers.lots import facts
    from producers.models.listings import Listing

    row = listing()
    token = _plot_token(net)
    with tenant_context(net.tenant.id):
        db.session.get(Listing, row.id).status = "closed"
        db.session.commit()
    facts.clear_cache()
    assert 'data-test="offer"' not in client.get(f"/q/{token}").get_data(as_text=True)
    listing(title="ผักบุ้งรอบใหม่")
    net.set_status(net.mine.cert, "suspended", suspended_until=net.today + timedelta(days=9))
    facts.clear_cache()
    html = client.get(f"/q/{token}").get_data(as_text=True)
    assert 'data-test="offer"' not in html and 'data-test="banner"' in html


def test_at_five_in_the_morning_the_lot_number_and_pickup_date_are_thailands(net, listing, client):
    from producers.models.lots import Lot

    row = listing()
    client.login(net.producer)
    utc_day = net.today + timedelta(days=30)
    thai_day = utc_day + timedelta(days=1)
    with clock.fixed_at(datetime.combine(utc_day, time(22, 0), UTC)):
        reserve = client.get(f"/t/{net.tenant.slug}/producers/catalogue/{row.id}/reserve")
        assert f'value="{thai_day.isoformat()}"' in reserve.get_data(as_text=True)
        response = client.post(
            f"/t/{net.tenant.slug}/producers/lots/new",
            data={"plot_id": net.mine.plot.id, "crop": "ผักบุ้ง", "quantity_kg": "5",
                  "harvested_on": thai_day.isoformat()},
        )  # fmt: skip
    assert response.status_code == 302
    with tenant_context(net.tenant.id):
        lot = db.session.scalars(sa.select(Lot).order_by(Lot.id.desc())).first()
        assert lot.harvested_on == thai_day and f"-{thai_day:%y%m%d}-" in lot.number
