"""The PGS journey on a 360 × 760 phone in Thai, by each of its people: the
producer adds a plot, asks for an inspection and reads their certificate's
expiry; the inspector opens the inspection waiting for them and answers the
whole checklist in one page; a consumer scans the plot's QR and reserves.
No page is wider than the phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core import clock
from core.db import db
from core.tenancy.context import tenant_context
from tests.browser.phone import assert_fits, phone_context

pytestmark = pytest.mark.browser

PASSWORD = "แปลงผัก-บนมือถือ-2569"
SLUG = "phone-pgs"


@pytest.fixture
def network(ctx, make_tenant, make_member, make_person, make_household):
    from producers.listings import services as listings
    from producers.lots import services as lots
    from producers.models.pgs import Certificate, CertificatePlot, Planting
    from producers.pgs import services
    from producers.pgs.workflow import inspecting, pledging

    tenant = make_tenant(kind="pgs_network", slug=SLUG, name_th="เครือข่ายเกษตรอินทรีย์ทดสอบ",
                         settings={"network_code": "PHN"})  # fmt: skip
    admin = make_member(tenant, "admin")
    producer = make_member(tenant, "producer", password=PASSWORD, email="farmer@phone.example.org", lang="th")
    inspector = make_member(tenant, "inspector", password=PASSWORD, email="inspector@phone.example.org", lang="th")
    partner = make_member(tenant, "inspector")
    households = [make_household(tenant, members=1) for _ in range(4)]
    today = clock.today()
    with tenant_context(tenant.id):
        from core.registry.models import Person

        heads = [db.session.get(Person, h.head_person_id) for h in households]
        heads[0].user_id, heads[2].user_id, heads[3].user_id = producer.id, inspector.id, partner.id
        standard = services.create_standard(code="PH", title_th="มาตรฐานทดสอบ", actor_id=admin.id)
        for n, severity in enumerate(("critical", "critical", "major", "major", "minor", "minor"), start=1):
            services.add_criterion(standard, code=f"C{n}", text_th=f"ข้อกำหนดที่ {n} ของแปลง",
                                   severity=severity, actor_id=admin.id)  # fmt: skip
        services.activate_standard(standard, actor_id=admin.id)
        mine = services.create_farm(person_id=heads[0].id, name="สวนป้าแดง", actor_id=admin.id)
        other = services.create_farm(person_id=heads[1].id, name="ไร่ลุงเขียว", actor_id=admin.id)
        plot = services.create_plot(mine, {"code": "PH-1", "name": "แปลงผักหน้าบ้าน", "area_sqm": "800",
                                           "lat": "7.201234", "lon": "100.598765"}, actor_id=admin.id)  # fmt: skip
        for farm in (mine, other):
            pledging.sign_pledge(farm, standard_id=standard.id, signed_on=today - timedelta(days=60),
                                 last_prohibited_input_on=today - timedelta(days=1200), actor_id=admin.id)  # fmt: skip
        cert = Certificate(farm_id=mine.id, number="PHN-2569-0001", level="organic", status="active",
                           valid_from=today - timedelta(days=320), valid_until=today + timedelta(days=45))  # fmt: skip
        db.session.add_all([cert, Planting(plot_id=plot.id, crop="ผักกาดหอม", planted_on=today - timedelta(days=40))])
        db.session.flush()
        db.session.add(CertificatePlot(certificate_id=cert.id, plot_id=plot.id, crops=[]))
        waiting = inspecting.plan_inspection(other, planned_on=today, actor_id=admin.id)
        for person in (heads[2], heads[3]):
            inspecting.add_inspector(waiting, person.id, actor_id=admin.id)
        db.session.flush()
        listings.create_listing(admin, tenant.id, {
            "plot_id": plot.id, "crop": "ผักกาดหอม", "title": "ผักกาดหอมอินทรีย์", "unit": "kg",
            "price": "60", "quantity": 8, "pickup": True, "pickup_note": "หน้าวัด เสาร์เช้า"})  # fmt: skip
        token = lots.qr_for_plot(plot.id).token
        db.session.commit()
        return {"tenant": tenant, "token": token, "waiting": waiting.id, "farm": mine.id}


def _log_in(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/t/{SLUG}/?$"))


def test_the_pgs_journey_on_a_phone(live_server, browser, network):
    context = phone_context(browser)
    phone = context.new_page()
    try:
        # the producer: my farm, a new plot, an inspection asked for, my certificate
        _log_in(phone, live_server, "farmer@phone.example.org")
        phone.locator("[data-test=waiting-my-farm] a").click()
        phone.wait_for_url(re.compile(r"/producers/pgs/mine$"))
        assert_fits(phone)
        certificate = phone.locator("[data-test=my-certificate]").inner_text()
        assert "PHN-2569-0001" in certificate and "ใช้ได้ถึง" in certificate and "เหลืออีก" in certificate
        phone.locator("[data-test=add-plot]").click()
        phone.locator("[data-test=plot-form]").wait_for()  # the new page, not the one left
        assert_fits(phone)
        assert phone.locator("textarea[name=shape][data-map-draw]").count() == 1
        phone.fill("input[name=name]", "แปลงข้าวหลังบ้าน")
        phone.fill("input[name=area_rai]", "2")
        phone.fill("input[name=lat]", "7.2051")
        phone.fill("input[name=lon]", "100.6012")
        phone.select_option("select[name=land_type]", "paddy")
        phone.locator("[data-test=plot-form] button[type=submit]").click()
        phone.wait_for_url(re.compile(r"/producers/pgs/mine$"))
        assert "แปลงข้าวหลังบ้าน" in phone.locator("[data-test=my-plot]", has_text="แปลงข้าวหลังบ้าน").inner_text()
        phone.locator("[data-test=ask-inspection]").click()
        phone.wait_for_url(re.compile(r"/producers/pgs/mine$"))
        assert phone.locator("[data-test=inspection-open]").count() == 1
        assert phone.locator("[data-test=ask-inspection]").count() == 0
        assert_fits(phone)
        # the producer's other pages fit too: the harvest form and the reservations
        for path in ("lots/new", "reservations"):
            phone.goto(f"{live_server}/t/{SLUG}/producers/{path}")
            assert_fits(phone)
        context.clear_cookies()

        # the inspector: the inspection waiting on the first page, the whole checklist at once
        _log_in(phone, live_server, "inspector@phone.example.org")
        phone.locator("[data-test=waiting-to-inspect] a").click()
        phone.wait_for_url(re.compile(rf"/inspections/{network['waiting']}$"))
        assert_fits(phone)
        criteria = phone.locator("[data-test=criterion]")
        assert criteria.count() == 6
        for n in range(6):
            criteria.nth(n).locator("input[type=radio][value=pass]").check()
        phone.locator("input[name=verdict][value=pass]").check()
        phone.fill("textarea[name=summary]", "แปลงสะอาด มีแนวกันชน")
        phone.locator("[data-test=save-checklist]").click()
        phone.wait_for_url(re.compile(rf"/inspections/{network['waiting']}$"))
        assert phone.locator("[data-test=my-verdict]").count() == 1
        assert phone.locator("[data-test=criterion] input[value=pass]:checked").count() == 6
        assert_fits(phone)
        context.clear_cookies()

        # a consumer scans the plot's label and reserves from the page it opened
        phone.goto(f"{live_server}/q/{network['token']}")
        assert_fits(phone)
        assert "7.201234" not in phone.content()
        phone.locator("[data-test=offer] [data-test=reserve]").first.click()
        phone.wait_for_url(re.compile(r"/catalogue/\d+/reserve$"))
        assert_fits(phone)
        phone.fill("input[name=quantity]", "2")
        phone.fill("input[name=pickup_on]", (clock.today() + timedelta(days=2)).isoformat())
        phone.fill("input[name=guest_name]", "คุณสมใจ")
        phone.fill("input[name=guest_phone]", "089 222 3333")
        phone.locator("[data-test=reserve-submit]").click()
        phone.wait_for_url(re.compile(r"/producers/reservation/[A-Za-z0-9_-]{16,}$"))
        assert phone.locator("[data-test=reservation-status]").inner_text() == "รอผู้ผลิตยืนยัน"
    except Exception:
        from tests.browser.conftest import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "test_the_pgs_journey_on_a_phone.png"), full_page=True)
        raise
    finally:
        context.close()
