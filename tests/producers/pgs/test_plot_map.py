"""The plots on a map: what the map's data holds and who gets it; the plot
page's location as a link; the public page's coarse area as a link with no
pin and no exact point."""

from __future__ import annotations

import json

from core.db import db
from tests.factories.producers import make_plot

BASE = "/t/test-pgs/producers/pgs"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[100.6, 7.2], [100.601, 7.2], [100.601, 7.201], [100.6, 7.201], [100.6, 7.2]]],
}


def test_the_map_has_every_located_plot_its_certification_and_drawn_shapes(pgs, client):
    certified = pgs.certified()  # its plot at 7.0, 100.5: organic
    farm = pgs.farmer(plots=0)
    shaped = make_plot(farm, actor_id=pgs.admin.id, code="SHAPE-1", geometry=json.dumps(SQUARE))
    make_plot(farm, actor_id=pgs.admin.id, code="NOWHERE-1")
    db.session.commit()

    client.login(pgs.staff)
    response = client.get(f"{BASE}/plots/map.json")
    assert response.status_code == 200
    data = response.get_json()
    by_code = {p[4]: p for p in data["plots"]}
    assert set(by_code) == {f"P{certified.farm.id}-0", "SHAPE-1"}
    assert data["unmapped"] == 1  # NOWHERE-1: only in the list
    organic = by_code[f"P{certified.farm.id}-0"]
    assert organic[1:4] == [7.0, 100.5, "organic"] and organic[6] is None
    shape = by_code["SHAPE-1"]
    assert shape[0] == shaped.id and shape[3] == "none"
    assert shape[6] == SQUARE["coordinates"][0]  # [lon, lat], as drawn
    assert abs(shape[1] - 7.2004) < 1e-3 and abs(shape[2] - 100.6004) < 1e-3  # the shape's middle
    assert data["labels"]["organic"] == "อินทรีย์"

    searched = client.get(f"{BASE}/plots/map.json", query_string={"q": "SHAPE"}).get_json()
    assert [p[4] for p in searched["plots"]] == ["SHAPE-1"]


def test_only_members_of_the_network_get_the_map(pgs, client, make_tenant, make_member):
    pgs.farmer()
    assert client.get(f"{BASE}/plots/map.json").status_code in (302, 401, 403, 404)
    other = make_tenant(kind="pgs_network", slug="other-pgs")
    client.login(make_member(other, "admin"))
    assert client.get(f"{BASE}/plots/map.json").status_code in (403, 404)


def test_the_plot_page_links_its_location_to_a_map(pgs, client):
    farm = pgs.farmer(plots=0)
    plot = make_plot(farm, actor_id=pgs.admin.id, code="LINK-1", lat="7.201234", lon="100.598765")
    db.session.commit()
    client.login(pgs.staff)
    html = client.get(f"{BASE}/plots/{plot.id}").get_data(as_text=True)
    assert 'href="https://www.openstreetmap.org/?mlat=7.201234&amp;mlon=100.598765#map=17/7.201234/100.598765"' in html
    assert "data-plot-shape" in html


def test_the_public_page_links_a_coarse_area_never_the_plot(pgs, client):
    from producers.lots import services as lots

    farm = pgs.farmer(plots=0)
    plot = make_plot(farm, actor_id=pgs.admin.id, code="PUB-1", lat="7.201234", lon="100.598765", geometry=json.dumps(SQUARE))
    token = lots.qr_for_plot(plot.id).token
    db.session.commit()
    html = client.get(f"/q/{token}").get_data(as_text=True)
    assert 'href="https://www.openstreetmap.org/#map=11/7.2/100.6"' in html
    assert "mlat" not in html and "7.201234" not in html and "100.598765" not in html
    assert "100.601" not in html and "data-plot" not in html  # no shape, no map of the plot
