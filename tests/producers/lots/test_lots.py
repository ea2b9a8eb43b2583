"""Harvest lots: numbering, the certification snapshot, the QR token, bad
input (harvest before planting, absurd quantities) and the label cap."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from core import clock
from core.db import db
from core.errors import Forbidden, ValidationError
from core.tenancy.context import tenant_context
from tests.fields import error_at, no_error_at
from tests.race import race


def test_harvest_creates_a_numbered_lot_with_its_certificate_and_qr(net, harvest):
    from producers.models.lots import QrCode

    lot = harvest(50)
    assert lot.number == f"A01-{net.today:%y%m%d}-1"
    assert (lot.crop, lot.quantity_g, lot.harvested_on) == ("ผักบุ้ง", 50_000, net.today)
    assert (lot.cert_status_at_harvest, lot.cert_level_at_harvest, lot.cert_number_at_harvest) == (
        "active",
        "organic",
        "SK-A01",
    )
    assert lot.planting_id == net.mine.planting.id
    assert not lot.quantity_warning
    second = harvest(10)
    assert second.number.endswith("-2")
    with tenant_context(net.tenant.id):
        code = db.session.scalar(sa.select(QrCode).where(QrCode.lot_id == lot.id))
    assert code.plot_id == net.mine.plot.id
    assert len(code.token) >= 22 and str(lot.id) != code.token and code.token.isascii()


def test_certification_at_harvest_is_kept_when_the_certificate_changes(net, harvest):
    lot = harvest(20)
    net.set_status(net.mine.cert, "revoked")
    with tenant_context(net.tenant.id):
        db.session.refresh(lot)
    assert lot.cert_status_at_harvest == "active"


def test_harvest_before_planting_is_refused_and_nothing_is_written(net, harvest):
    from producers.models.lots import Lot

    before = net.mine.planting.planted_on - timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        harvest(5, harvested_on=before)
    assert exc.value.field == "harvested_on"
    db.session.rollback()
    with tenant_context(net.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Lot)) == 0


def test_harvest_before_planting_on_the_page_is_a_clear_message(net, client):
    client.login(net.producer)
    day = net.mine.planting.planted_on - timedelta(days=3)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/lots/new",
        data={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": "5",
            "harvested_on": day.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "ก่อนวันปลูก" in response.get_data(as_text=True)


def test_absurd_quantity_is_recorded_with_a_warning(net, harvest, client):
    lot = harvest(200 * 6)  # six times the expected 200 kg
    assert lot.quantity_warning
    client.login(net.producer)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/lots/new",
        data={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": "5000",
            "harvested_on": net.today.isoformat(),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "สูงกว่าผลผลิตที่คาดไว้" in response.get_data(as_text=True)


@pytest.mark.parametrize("kg", ["0", "-3", "abc", "1e400", ""])
def test_bad_quantities_are_refused(net, client, kg):
    client.login(net.producer)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/lots/new",
        data={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": kg,
            "harvested_on": net.today.isoformat(),
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_at(page, "quantity_kg")  # said at the quantity box, aria-invalid
    no_error_at(page, "crop")


def test_future_harvest_is_refused(net, harvest):
    with pytest.raises(ValidationError):
        harvest(5, harvested_on=net.today + timedelta(days=2))


def test_a_producer_cannot_record_on_another_farmers_plot(net, harvest, client):
    with pytest.raises(Forbidden):
        harvest(5, plot_id=net.theirs.plot.id)
    db.session.rollback()
    client.login(net.producer)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/lots/new",
        data={
            "plot_id": net.theirs.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": "5",
            "harvested_on": net.today.isoformat(),
        },
    )
    assert response.status_code == 403


def test_labels_are_capped_by_the_harvested_quantity(net, harvest):
    from producers.lots import services

    lot = harvest(10)
    with tenant_context(net.tenant.id):
        services.issue_labels(net.producer, net.tenant.id, lot_id=lot.id, count=8, pack_g=1000)
        db.session.commit()
        with pytest.raises(services.LabelCapExceeded):
            services.issue_labels(net.producer, net.tenant.id, lot_id=lot.id, count=3, pack_g=1000)
        db.session.rollback()
        services.issue_labels(
            net.producer, net.tenant.id, lot_id=lot.id, count=4, pack_g=500
        )  # exactly 10 kg
        db.session.commit()
        db.session.refresh(lot)
        assert lot.labelled_g == lot.quantity_g == 10_000
        with pytest.raises(services.LabelCapExceeded):
            services.issue_labels(net.producer, net.tenant.id, lot_id=lot.id, count=1, pack_g=1)
        db.session.rollback()


def test_label_cap_on_the_page_and_the_sheet(net, harvest, client):
    lot = harvest(5)
    client.login(net.producer)
    base = f"/t/{net.tenant.slug}/producers/lots/{lot.id}"
    refused = client.post(
        f"{base}/labels", data={"count": "6", "pack_kg": "1"}, follow_redirects=True
    )
    assert "จำกัดตามปริมาณที่เก็บเกี่ยว" in refused.get_data(as_text=True)
    made = client.post(f"{base}/labels", data={"count": "5", "pack_kg": "1"})
    assert made.status_code == 302
    sheet = client.get(made.headers["Location"])
    html = sheet.get_data(as_text=True)
    assert sheet.status_code == 200
    assert html.count('data-test="label"') == 5
    assert "SKPGS" in html and "SK-A01" in html and "<svg" in html and "/q/" in html
    assert "@page" in html and "A4" in html


def test_plot_label_sheet(net, client):
    client.login(net.producer)
    response = client.get(
        f"/t/{net.tenant.slug}/producers/lots/plots/{net.mine.plot.id}/labels?count=30"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('data-test="label"') == 30 and html.count('class="sheet"') == 2
    assert (
        client.get(
            f"/t/{net.tenant.slug}/producers/lots/plots/{net.theirs.plot.id}/labels"
        ).status_code
        == 403
    )


def test_lot_pages_for_staff(net, harvest, client):
    lot = harvest(12)
    client.login(net.admin)
    index = client.get(f"/t/{net.tenant.slug}/producers/lots")
    assert index.status_code == 200 and lot.number in index.get_data(as_text=True)
    detail = client.get(f"/t/{net.tenant.slug}/producers/lots/{lot.id}")
    assert detail.status_code == 200 and "<svg" in detail.get_data(as_text=True)
    form = client.get(f"/t/{net.tenant.slug}/producers/lots/new")
    assert form.status_code == 200


def test_concurrent_label_batches_never_exceed_the_harvest(postgres_only, app, net, harvest):
    """12 printers at once, 2 kg each, on a 15 kg lot: at most 7 batches."""
    from producers.lots import services
    from producers.models.lots import LabelBatch, Lot

    lot = harvest(15)
    lot_id, tenant_id, producer_id = lot.id, net.tenant.id, net.producer.id

    def print_labels(_i: int) -> None:
        from core.auth.models import User

        actor = db.session.get(User, producer_id)
        services.issue_labels(actor, tenant_id, lot_id=lot_id, count=2, pack_g=1000)

    outcomes = race(app, tenant_id, 12, print_labels)
    assert outcomes == {"ok": 7, "LabelCapExceeded": 5}, outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.get(Lot, lot_id).labelled_g == 14_000
        assert (
            db.session.scalar(sa.select(sa.func.sum(LabelBatch.count * LabelBatch.pack_g)))
            == 14_000
        )


def test_a_harvest_at_five_in_the_morning_is_not_in_the_future(net, client):
    """The harvest form offers Thailand's date and accepts it at 05:00 (it said
    "the harvest date cannot be in the future" with the server's UTC date). The
    clock is stopped a month ahead at 22:00 UTC, so only a harvest dated by the
    one clock can pass."""
    client.login(net.producer)
    utc_day = net.today + timedelta(days=30)
    thai_day = utc_day + timedelta(days=1)
    with clock.fixed_at(datetime.combine(utc_day, time(22, 0), UTC)):
        page = client.get(f"/t/{net.tenant.slug}/producers/lots/new")
        assert f'value="{thai_day.isoformat()}"' in page.get_data(as_text=True)
        response = client.post(
            f"/t/{net.tenant.slug}/producers/lots/new",
            data={"plot_id": net.mine.plot.id, "crop": "ผักบุ้ง", "quantity_kg": "5",
                  "harvested_on": thai_day.isoformat()},
        )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
