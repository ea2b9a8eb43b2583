"""A producer on their own farm: adding a plot (typed or drawn), asking for an
inspection, seeing their certificates — and every way of getting it wrong
(a crossing shape, an area of 0, a latitude of 95, asking twice, another's
farm): a clear Thai message, nothing half-written."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from core.db import db
from producers.models.pgs import Inspection, Plot

BASE = "/t/test-pgs/producers/pgs"
SQUARE = [[100.5, 7.0], [100.500906, 7.0], [100.500906, 7.000904], [100.5, 7.000904], [100.5, 7.0]]
BOW_TIE = [[100.5, 7.0], [100.501, 7.001], [100.501, 7.0], [100.5, 7.001], [100.5, 7.0]]


@pytest.fixture
def mine(pgs, make_member):
    """A producer who logs in, with a pledged farm of one plot."""
    from core.registry.models import Person
    from core.tenancy.context import set_tenant

    farm = pgs.farmer(plots=1)
    user = make_member(pgs.tenant, "producer")
    set_tenant(pgs.tenant.id)
    db.session.get(Person, farm.person_id).user_id = user.id
    db.session.commit()
    return farm, user


def plots_of(farm_id: int) -> list[Plot]:
    return db.session.scalars(sa.select(Plot).where(Plot.farm_id == farm_id).order_by(Plot.id)).all()


def test_the_producer_adds_a_drawn_plot_whose_area_and_point_come_from_the_shape(pgs, mine, client):
    farm, user = mine
    client.login(user)
    page = client.get(f"{BASE}/mine/farms/{farm.id}/plots/new").get_data(as_text=True)
    assert 'name="shape"' in page and "data-map-draw" in page
    r = client.post(
        f"{BASE}/mine/farms/{farm.id}/plots",
        data={"name": "แปลงผักริมคลอง", "shape": json.dumps({"type": "Polygon", "coordinates": [SQUARE]}),
              "land_type": "vegetable"},
    )  # fmt: skip
    assert r.status_code == 302, r.get_data(as_text=True)
    plot = plots_of(farm.id)[-1]
    assert 9_900 <= plot.area_sqm <= 10_100  # no area typed: measured from the shape
    assert 7.0 < float(plot.lat) < 7.000904 and 100.5 < float(plot.lon) < 100.500906
    assert plot.shape["type"] == "Polygon" and plot.code == f"P{farm.id}-2"
    assert "แปลงผักริมคลอง" in client.get(f"{BASE}/mine").get_data(as_text=True)


def test_a_typed_plot_needs_only_a_name_an_area_and_a_point(pgs, mine, client):
    farm, user = mine
    client.login(user)
    r = client.post(
        f"{BASE}/mine/farms/{farm.id}/plots",
        data={"name": "นาข้าว", "area_rai": "2", "area_ngan": "1", "area_wa": "0", "area_sqm": "",
              "lat": "7.1", "lon": "100.6", "shape": ""},
    )  # fmt: skip
    assert r.status_code == 302
    plot = plots_of(farm.id)[-1]
    assert plot.area_sqm == 3600 and plot.shape is None and str(plot.lat) == "7.100000"


@pytest.mark.parametrize(
    ("bad", "thai"),
    [
        ({"shape": json.dumps({"type": "Polygon", "coordinates": [BOW_TIE]})}, "เส้นขอบแปลงตัดกันเอง"),
        ({"area_rai": "0"}, None),
        ({"area_sqm": "0", "area_rai": ""}, None),
        ({"lat": "95"}, None),
        ({"shape": '{"type": "Polygon", "coordinates": [[[100.5, 7], [100.6, 7]]]}'}, "รูปแปลงไม่ถูกต้อง"),
    ],
)
def test_bad_plots_are_refused_in_thai_and_nothing_is_written(pgs, mine, client, bad, thai):
    farm, user = mine
    client.login(user)
    good = {"name": "แปลงใหม่", "area_rai": "1", "lat": "7.1", "lon": "100.6", "shape": ""}
    r = client.post(f"{BASE}/mine/farms/{farm.id}/plots", data={**good, **bad})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert 'data-test="error"' in html and 'name="shape"' in html  # the form again, with the reason
    if thai:
        assert thai in html
    assert len(plots_of(farm.id)) == 1


def test_another_producers_farm_is_not_found(pgs, mine, client, make_member):
    farm, _user = mine
    other = make_member(pgs.tenant, "producer")
    client.login(other)
    assert client.get(f"{BASE}/mine/farms/{farm.id}/plots/new").status_code == 404
    r = client.post(f"{BASE}/mine/farms/{farm.id}/plots", data={"name": "x", "area_sqm": "10"})
    assert r.status_code == 404
    assert client.post(f"{BASE}/mine/farms/{farm.id}/inspection").status_code == 404
    assert len(plots_of(farm.id)) == 1
    assert "ยังไม่มีฟาร์มที่ลงทะเบียนในชื่อของคุณ" in client.get(f"{BASE}/mine").get_data(as_text=True)


def test_staff_and_inspectors_have_no_my_farm_page(pgs, client):
    client.login(pgs.staff)
    assert client.get(f"{BASE}/mine").status_code == 403


def test_asking_for_an_inspection_twice_is_refused_in_thai(pgs, mine, client):
    farm, user = mine
    client.login(user)
    assert client.post(f"{BASE}/mine/farms/{farm.id}/inspection").status_code == 302
    asked = db.session.scalars(sa.select(Inspection).where(Inspection.farm_id == farm.id)).one()
    assert asked.status == "planned" and asked.created_by_user_id == user.id
    page = client.get(f"{BASE}/mine").get_data(as_text=True)
    assert 'data-test="inspection-open"' in page and 'data-test="ask-inspection"' not in page
    r = client.post(f"{BASE}/mine/farms/{farm.id}/inspection")
    assert r.status_code == 409
    assert "ฟาร์มนี้มีการตรวจที่ยังไม่เสร็จในรอบนี้แล้ว" in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Inspection.id))) == 1


def test_without_a_pledge_the_button_is_not_offered_and_asking_is_refused(pgs, make_member, client):
    from core.registry.models import Person
    from core.tenancy.context import set_tenant

    farm = pgs.farmer(pledge=False)
    user = make_member(pgs.tenant, "producer")
    set_tenant(pgs.tenant.id)
    db.session.get(Person, farm.person_id).user_id = user.id
    db.session.commit()
    client.login(user)
    assert 'data-test="ask-inspection"' not in client.get(f"{BASE}/mine").get_data(as_text=True)
    assert client.post(f"{BASE}/mine/farms/{farm.id}/inspection").status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(Inspection.id))) == 0


def test_my_certificates_show_their_expiry(pgs, mine, client):
    farm, user = mine
    done = pgs.certified(farm)
    client.login(user)
    html = client.get(f"{BASE}/mine").get_data(as_text=True)
    assert 'data-test="my-certificate"' in html and done.certificate.number in html
    assert "ใช้ได้ถึง" in html


def test_a_drawn_shape_never_reaches_the_public_qr_page(pgs, mine, client):
    from producers.lots import services as lots

    farm, user = mine
    client.login(user)
    client.post(
        f"{BASE}/mine/farms/{farm.id}/plots",
        data={"name": "แปลงวาด", "shape": json.dumps({"type": "Polygon", "coordinates": [SQUARE]})},
    )
    plot = plots_of(farm.id)[-1]
    token = lots.qr_for_plot(plot.id).token
    db.session.commit()
    visitor = client.application.test_client()  # no cookie: a consumer who scanned the label
    for accept in ("text/html", "application/json"):
        body = visitor.get(f"/q/{token}", headers={"Accept": accept}).get_data(as_text=True)
        assert "100.500906" not in body and "7.000904" not in body
        assert str(plot.lat) not in body


def test_the_staff_map_gets_every_plot_as_geojson_and_a_producer_does_not(pgs, mine, client):
    farm, user = mine
    client.login(user)
    client.post(
        f"{BASE}/mine/farms/{farm.id}/plots",
        data={"name": "แปลงวาด", "shape": json.dumps({"type": "Polygon", "coordinates": [SQUARE]})},
    )
    assert client.get(f"{BASE}/plots.geojson").status_code == 403
    client.login(pgs.staff)
    r = client.get(f"{BASE}/plots.geojson")
    assert r.status_code == 200 and r.mimetype == "application/geo+json"
    features = {f["properties"]["name"]: f for f in r.get_json()["features"]}
    assert features["แปลงวาด"]["geometry"]["type"] == "Polygon"
    assert features["แปลงวาด"]["properties"]["drawn"] is True
    assert features["แปลง 0"]["geometry"] == {"type": "Point", "coordinates": [100.5, 7.0]}
