"""Plots and plantings: units, locations and every kind of bad input, on the
pages and in the services, with nothing half-written."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import ValidationError
from producers.models.pgs import Planting, Plot
from producers.pgs import geo, services

BASE = "/t/test-pgs/producers/pgs"


def test_area_units():
    assert geo.area_from_units(rai="1", ngan="2", wa="50") == 1600 + 800 + 200
    assert geo.area_from_units(sqm="2500") == 2500
    assert geo.format_area(2200) == "1-1-50"
    for bad in (
        {"sqm": "0"},
        {"sqm": "-5"},
        {"rai": "0"},
        {},
        {"sqm": "abc"},
        {"sqm": "nan"},
        {"rai": "-1", "ngan": "3"},
        {"sqm": "1e12"},
    ):
        with pytest.raises(ValidationError):
            geo.area_from_units(**bad)


@pytest.mark.parametrize(
    "geometry",
    [
        "not json",
        "[1,2]",
        '{"type": "Point"}',
        '{"type": "Point", "coordinates": [200, 7]}',
        '{"type": "Point", "coordinates": ["100", "7"]}',
        '{"type": "LineString", "coordinates": [[100,7],[101,7]]}',
        '{"type": "Polygon", "coordinates": [[[100,7],[101,7],[100,8]]]}',
        '{"type": "Polygon", "coordinates": [[[100,7],[101,7],[101,8],[100,7.5]]]}',
        '{"type": "Point", "coordinates": [NaN, 7]}',
        '{"type": "Feature", "geometry": null}',
    ],
)
def test_invalid_geojson_is_refused(geometry):
    with pytest.raises(geo.InvalidGeometry):
        geo.parse_geometry(geometry)


def test_valid_geometry_and_typed_point():
    polygon = {
        "type": "Polygon",
        "coordinates": [[[100.5, 7.0], [100.501, 7.0], [100.501, 7.001], [100.5, 7.0]]],
    }
    assert (
        geo.parse_geometry(json.dumps({"type": "Feature", "geometry": polygon}))["type"]
        == "Polygon"
    )
    assert 5000 < geo.polygon_area_sqm(polygon) < 7000
    fields = services.plot_fields(
        {"code": "A", "name": "n", "area_sqm": "400", "lat": "7.1", "lon": "100.6"}
    )
    assert fields["geometry"] == {"type": "Point", "coordinates": [100.6, 7.1]}
    with pytest.raises(geo.InvalidCoordinate):
        services.plot_fields(
            {"code": "A", "name": "n", "area_sqm": "400", "lat": "95", "lon": "100"}
        )
    with pytest.raises(geo.InvalidCoordinate):
        services.plot_fields({"code": "A", "name": "n", "area_sqm": "400", "lat": "7"})


def test_plot_pages_refuse_bad_input_and_write_nothing(pgs, client):
    farm = pgs.farmer(plots=0)
    client.login(pgs.staff)
    good = {
        "code": "SK-1",
        "name": "แปลงผัก",
        "area_rai": "1",
        "area_ngan": "0",
        "area_wa": "0",
        "lat": "7.0061",
        "lon": "100.4712",
        "land_type": "vegetable",
        "water_source": "well",
    }
    r = client.post(f"{BASE}/farms/{farm.id}/plots", data=good)
    assert r.status_code == 302
    plot = db.session.scalars(sa.select(Plot)).one()
    assert plot.area_sqm == 1600 and str(plot.lat) == "7.006100"
    for bad in (
        {"code": "sk-1"},
        {"code": "SK-2", "area_rai": "0"},
        {"code": "SK-3", "geometry": '{"type":"x"}'},
        {"code": "SK-4", "lat": "abc"},
        {"code": "SK-5", "land_type": "moon"},
    ):
        r = client.post(
            f"{BASE}/farms/{farm.id}/plots", data={**good, **bad}, headers={"Accept-Language": "en"}
        )
        assert r.status_code == 422, bad
        assert 'data-test="error"' in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 1
    r = client.post(
        f"{BASE}/plots/{plot.id}/plantings",
        data={"crop": "ผักบุ้ง", "planted_on": "2026-05-01", "expected_harvest_on": "2026-04-01"},
        headers={"Accept-Language": "en"},
    )
    assert r.status_code == 422 and "วันเก็บเกี่ยวที่คาดไว้ต้องไม่ก่อนวันปลูก" in r.get_data(as_text=True)
    assert db.session.scalars(sa.select(Planting)).all() == []
    r = client.post(
        f"{BASE}/plots/{plot.id}/tenure",
        data={"file": (io.BytesIO(b"MZ\x90\x00junk"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    assert db.session.get(Plot, plot.id).tenure_document_id is None
    for url in (
        f"{BASE}/farms/{farm.id}",
        f"{BASE}/plots/{plot.id}",
        f"{BASE}/plots",
        f"{BASE}/farms",
        f"{BASE}/groups",
        f"{BASE}/standards",
        f"{BASE}/standards/{pgs.standard.id}",
    ):
        assert client.get(url).status_code == 200, url


def test_a_producer_sees_but_cannot_edit(pgs, client, make_member):
    farm = pgs.farmer()
    producer = make_member(pgs.tenant, "producer")
    client.login(producer)
    assert client.get(f"{BASE}/farms/{farm.id}").status_code == 200
    r = client.post(
        f"{BASE}/farms/{farm.id}/plots", data={"code": "X", "name": "x", "area_sqm": "5"}
    )
    assert r.status_code == 403
