"""The public QR page: no log-in, the facts now and at harvest, a banner for
suspended, revoked or expired certificates even on an old label, a friendly
404, JSON on request, ETag/Cache-Control that follow the status, and never a
phone number, national ID or exact coordinates."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context


def _token(net, lot=None, plot=None):
    from producers.lots import services
    from producers.models.lots import QrCode

    with tenant_context(net.tenant.id):
        if lot is not None:
            return db.session.scalar(sa.select(QrCode.token).where(QrCode.lot_id == lot.id))
        code = services.qr_for_plot((plot or net.mine.plot).id)
        db.session.commit()
        return code.token


def test_lot_page_shows_the_facts_without_log_in(net, harvest, client):
    lot = harvest(30)
    response = client.get(f"/q/{_token(net, lot)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for fact in (
        "ไร่ A01",
        "กลุ่ม A01",
        "A01",
        "บ้านควนลัง",
        "ผักบุ้ง",
        lot.number,
        "SK-A01",
        "เครือข่ายเกษตรอินทรีย์สงขลา",
        "SKPGS",
        "การรับรองในปัจจุบัน",
        "การรับรองในวันเก็บเกี่ยว",
        "การตรวจแปลงครั้งล่าสุด",
        "ผ่าน",
    ):
        assert fact in html, fact
    assert 'data-test="banner"' not in html
    assert 'data-test="reserve-link"' in html


def test_revoked_certificate_shows_a_banner_even_on_an_old_label(net, harvest, client):
    lot = harvest(30, harvested_on=net.today - timedelta(days=5))
    net.set_status(net.mine.cert, "revoked")
    response = client.get(f"/q/{_token(net, lot)}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-status="revoked"' in html and "ถูกเพิกถอน" in html
    assert 'data-test="reserve-link"' not in html
    facts = client.get(f"/q/{_token(net, lot)}", headers={"Accept": "application/json"}).get_json()
    assert facts["banner"] == "revoked"
    assert facts["certification_now"]["status"] == "revoked"
    assert facts["certification_at_harvest"]["status"] == "active"


def test_suspended_and_expired_show_banners(net, client):
    token = _token(net)
    net.set_status(net.mine.cert, "suspended", suspended_until=net.today + timedelta(days=30))
    assert 'data-status="suspended"' in client.get(f"/q/{token}").get_data(as_text=True)
    # past valid_until counts as expired before any nightly job marks it
    net.set_status(
        net.mine.cert,
        "active",
        suspended_until=None,
        valid_from=net.today - timedelta(days=400),
        valid_until=net.today - timedelta(days=1),
    )
    assert 'data-status="expired"' in client.get(f"/q/{token}").get_data(as_text=True)


def test_unknown_token_is_a_friendly_404(net, client):
    for token in ("x" * 22, "not-a-real-token-at-all", "1", "../../etc", "ก" * 22):
        response = client.get(f"/q/{token}")
        assert response.status_code == 404, token
    assert client.get("/q/%00").status_code == 400  # refused at the door, never a 5xx
    html = client.get("/q/" + "y" * 22).get_data(as_text=True)
    assert "ไม่พบคิวอาร์โค้ด" in html
    api = client.get("/q/" + "y" * 22, headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "qr_not_found"


def test_json_has_the_same_facts(net, harvest, client):
    lot = harvest(30)
    token = _token(net, lot)
    response = client.get(f"/q/{token}", headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    facts = response.get_json()
    assert facts["subject"] == "lot" and facts["lot"]["number"] == lot.number
    assert facts["producer"] == {"farm": "ไร่ A01", "group": "กลุ่ม A01"}
    assert facts["network"]["code"] == "SKPGS"
    assert facts["certification_now"]["level"] == "organic"
    assert facts["certification_now"]["certificate_number"] == "SK-A01"
    assert facts["last_inspection"]["outcome"] == "pass"
    assert facts["plot"]["approx_location"] == {"lat": 7.1, "lon": 100.7}
    assert facts["lot"]["harvested_on"] == net.today.isoformat()


def test_plot_qr_page(net, client):
    facts = client.get(f"/q/{_token(net)}", headers={"Accept": "application/json"}).get_json()
    assert facts["subject"] == "plot" and facts["lot"] is None and facts["crops"] == ["ผักบุ้ง"]


def test_etag_and_cache_control_follow_the_status(net, client):
    token = _token(net)
    first = client.get(f"/q/{token}")
    etag = first.headers["ETag"]
    assert etag and "max-age" in first.headers["Cache-Control"]
    again = client.get(f"/q/{token}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    net.set_status(net.mine.cert, "suspended", suspended_until=net.today + timedelta(days=10))
    changed = client.get(f"/q/{token}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    as_json = client.get(f"/q/{token}", headers={"Accept": "application/json"})
    assert as_json.headers["ETag"] not in (etag, changed.headers["ETag"])


def test_no_personal_data_or_exact_location_on_public_pages(net, harvest, listing, client):
    from producers.models.pgs import Plot

    lot = harvest(30)
    listing()
    with tenant_context(net.tenant.id):
        plot = db.session.get(Plot, net.mine.plot.id)
        exact = [str(plot.lat), str(plot.lon), "7.123", "100.654"]
    secrets = [net.person.phone, "0812345678", "081-234-5678", net.person.national_id, *exact]
    pages = [
        client.get(f"/q/{_token(net, lot)}").get_data(as_text=True),
        json.dumps(
            client.get(f"/q/{_token(net, lot)}", headers={"Accept": "application/json"}).get_json(),
            ensure_ascii=False,
        ),
        client.get(f"/q/{_token(net)}").get_data(as_text=True),
        client.get(f"/t/{net.tenant.slug}/producers/catalogue").get_data(as_text=True),
        json.dumps(
            client.get(f"/api/v1/t/{net.tenant.slug}/producers/market/catalogue").get_json(),
            ensure_ascii=False,
        ),
    ]
    for page in pages:
        for secret in secrets:
            assert secret and secret not in page, secret
    assert net.person.first_name_th not in pages[0]


def test_the_one_query_read_agrees_with_plot_status(net, harvest):
    """The page reads certificates in the same statement as the token; its
    answer must equal producers.certification.plot_status in every state."""
    from producers import certification
    from producers.lots import facts
    from producers.models.pgs import Certificate, CertificatePlot

    lot = harvest(10)
    token = _token(net, lot)
    plot_token = _token(net)
    today = net.today

    def same():
        for tok, crop in ((token, "ผักบุ้ง"), (plot_token, None)):
            with tenant_context(net.tenant.id):
                db.session.expire_all()
                expected = certification.plot_status(net.mine.plot.id, crop=crop)
                rows = facts._live(tok, today)
                assert facts._certification_now(rows, crop, today) == expected, net.mine.cert.status

    same()
    net.set_status(net.mine.cert, "suspended", suspended_until=today + timedelta(days=5))
    same()
    net.set_status(
        net.mine.cert, "suspended", suspended_until=today - timedelta(days=1)
    )  # lifted by date
    same()
    net.set_status(net.mine.cert, "revoked")
    same()
    # a newer in-conversion certificate for another crop only, and an active organic one that covers all
    with tenant_context(net.tenant.id):
        other = Certificate(
            farm_id=net.mine.farm.id,
            number="SK-A01-2",
            level="in_conversion",
            status="active",
            valid_from=today - timedelta(days=2),
            valid_until=today + timedelta(days=100),
        )
        db.session.add(other)
        db.session.flush()
        db.session.add(
            CertificatePlot(certificate_id=other.id, plot_id=net.mine.plot.id, crops=["มะนาว"])
        )
        db.session.commit()
    same()
    net.set_status(
        net.mine.cert,
        "active",
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=1),
    )
    same()
