"""GreenSmile's journey in a real browser: a certified producer lists a good,
a consumer scans the plot's QR, sees the certification live and reserves
without an account; the producer confirms."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from core import clock
from core.db import db
from core.tenancy.context import tenant_context

pytestmark = pytest.mark.browser

PASSWORD = "ผักปลอดภัย-2569"


@pytest.fixture
def certified_plot(ctx, make_tenant, make_member, make_person, make_village):
    from producers.lots import services
    from producers.models.pgs import (
        Certificate,
        CertificatePlot,
        Farm,
        Inspection,
        Planting,
        Plot,
        Standard,
    )

    tenant = make_tenant(kind="pgs_network", slug="greensmile-browser", name_th="เครือข่ายกรีนสไมล์",
                         name_en="GreenSmile network", settings={"network_code": "GSM"})
    producer = make_member(tenant, "producer", password=PASSWORD, email="farmer@greensmile.example.org", lang="th")
    village = make_village(tenant, moo=4, name_th="บ้านท่าหิน")
    person = make_person(tenant, user_id=producer.id, phone="+66812345678")
    today = clock.today()
    with tenant_context(tenant.id):
        standard = Standard(code="GS", title_th="มาตรฐานเกษตรสุขภาพ", status="active")
        farm = Farm(person_id=person.id, name="สวนลุงแดง", village_id=village.id)
        db.session.add_all([standard, farm])
        db.session.flush()
        plot = Plot(farm_id=farm.id, code="GS-001", name="แปลงผักหลังบ้าน", area_sqm=800,
                    lat=Decimal("7.201234"), lon=Decimal("100.598765"))
        db.session.add(plot)
        db.session.flush()
        cert = Certificate(farm_id=farm.id, number="GSM-2569-0001", level="organic", status="active",
                           valid_from=today - timedelta(days=30), valid_until=today + timedelta(days=330))
        db.session.add_all([
            Planting(plot_id=plot.id, crop="ผักกาดหอม", planted_on=today - timedelta(days=45)),
            Inspection(farm_id=farm.id, standard_id=standard.id, cycle=today.year, status="decided",
                       verdict="pass", inspected_on=today - timedelta(days=35)),
            cert,
        ])
        db.session.flush()
        db.session.add(CertificatePlot(certificate_id=cert.id, plot_id=plot.id, crops=[]))
        token = services.qr_for_plot(plot.id).token
        db.session.commit()
        return tenant, plot.id, token


def test_producer_lists_and_a_consumer_scans_and_reserves(live_server, browser, page, certified_plot):
    tenant, plot_id, token = certified_plot

    # the producer lists lettuce from the certified plot
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", "farmer@greensmile.example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/t/greensmile-browser/?$"))
    page.goto(f"{live_server}/t/{tenant.slug}/producers/listings/new")
    page.select_option("select[name=plot_id]", str(plot_id))
    page.fill("input[name=crop]", "ผักกาดหอม")
    page.fill("input[name=title]", "ผักกาดหอมอินทรีย์")
    page.select_option("select[name=unit]", "kg")
    page.fill("input[name=price]", "60")
    page.fill("input[name=quantity]", "8")
    page.fill("input[name=pickup_note]", "หน้าวัดท่าหิน เสาร์เช้า")
    page.locator("[data-test=listing-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/producers/listings$"))
    assert "ผักกาดหอมอินทรีย์" in page.locator("[data-test=listing-row]").first.inner_text()

    # a consumer with no account scans the plot's QR on a phone
    phone = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport={"width": 390, "height": 844})
    phone.set_default_timeout(10_000)
    consumer = phone.new_page()
    try:
        consumer.goto(f"{live_server}/q/{token}")
        assert "ได้รับการรับรอง" in consumer.locator("[data-test=status-ok]").inner_text()
        assert "สวนลุงแดง" in consumer.locator("[data-test=producer]").inner_text()
        assert "GSM-2569-0001" in consumer.locator("[data-test=cert-now]").inner_text()
        body = consumer.content()
        assert "7.201234" not in body and "0812345678" not in body and "+66812345678" not in body
        consumer.locator("[data-test=reserve-link]").click()
        offer = consumer.locator("[data-test=offer]", has_text="ผักกาดหอมอินทรีย์")
        assert "อินทรีย์" in offer.inner_text() and "หน้าวัดท่าหิน" in offer.inner_text()
        offer.locator("[data-test=reserve]").click()
        consumer.fill("input[name=quantity]", "3")
        consumer.fill("input[name=pickup_on]", (clock.today() + timedelta(days=3)).isoformat())
        consumer.fill("input[name=guest_name]", "คุณมาลี")
        consumer.fill("input[name=guest_phone]", "089 111 2222")
        consumer.locator("[data-test=reserve-submit]").click()
        consumer.wait_for_url(re.compile(r"/producers/reservation/[A-Za-z0-9_-]{16,}$"))
        assert consumer.locator("[data-test=reservation-status]").inner_text() == "รอผู้ผลิตยืนยัน"
        number = consumer.locator("[data-test=reservation-number]").inner_text()
        reservation_url = consumer.url
    finally:
        phone.close()

    # the producer sees it, with the guest's phone, and confirms
    page.goto(f"{live_server}/t/{tenant.slug}/producers/reservations")
    row = page.locator("[data-test=reservation-row]", has_text=number)
    assert "คุณมาลี" in row.inner_text() and "+66891112222" in row.inner_text()
    row.locator("[data-test=confirm]").click()
    page.wait_for_load_state()
    page.goto(reservation_url)
    assert page.locator("[data-test=reservation-status]").inner_text() == "ยืนยันแล้ว"
    page.goto(f"{live_server}/t/{tenant.slug}/producers/listings")
    assert "5 / 8" in page.locator("[data-test=listing-row]").first.inner_text()
