"""The PGS JSON API: same permissions and refusals as the pages."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from producers.models.pgs import InspectionInspector, Plot

API = "/api/v1/t/test-pgs/producers/pgs"


def test_openapi_lists_pgs_paths(client):
    paths = set(client.get("/api/v1/openapi.json").json["paths"])
    for path in (
        "/api/v1/t/{slug}/producers/pgs/plots",
        "/api/v1/t/{slug}/producers/pgs/inspections/{inspection_id}/team",
        "/api/v1/t/{slug}/producers/pgs/meetings/{committee_meeting_id}/decisions",
        "/api/v1/t/{slug}/producers/pgs/certificates/{certificate_id}/sanctions",
    ):
        assert path in paths, path


def test_plots_and_workflow_over_the_api(pgs, client, make_household):
    farm = pgs.farmer(plots=0)
    client.login(pgs.staff)
    r = client.post(
        f"{API}/farms/{farm.id}/plots",
        json={
            "code": "API-1",
            "name": "แปลง",
            "area_rai": 2,
            "lat": 7.1,
            "lon": 100.5,
            "land_type": "orchard",
        },
    )
    assert r.status_code == 201, r.json
    plot = r.json
    assert plot["area_sqm"] == 3200 and plot["geometry"]["type"] == "Point"
    r = client.post(
        f"{API}/farms/{farm.id}/plots", json={"code": "api-1", "name": "x", "area_sqm": 10}
    )
    assert r.status_code == 422 and r.json["error"]["field"] == "code"
    r = client.post(
        f"{API}/farms/{farm.id}/plots", json={"code": "API-2", "name": "x", "area_sqm": -3}
    )
    assert r.status_code == 422 and r.json["error"]["field"] == "area_sqm"
    r = client.post(
        f"{API}/farms/{farm.id}/plots",
        json={
            "code": "API-3",
            "name": "x",
            "area_sqm": 30,
            "geometry": {"type": "Polygon", "coordinates": [[1, 2]]},
        },
    )
    assert r.status_code == 422 and r.json["error"]["code"] == "invalid_geometry"
    assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 1
    r = client.post(
        f"{API}/plots/{plot['id']}/plantings",
        json={"crop": "มังคุด", "planted_on": "2026-06-01", "expected_harvest_on": "2026-01-01"},
    )
    assert r.status_code == 422
    assert client.get(f"{API}/plots/{plot['id']}/certification").json["status"] == "none"
    assert client.get(f"{API}/plots").json["total"] == 1

    r = client.post(f"{API}/farms/{farm.id}/inspections", json={"cycle": 2026})
    assert r.status_code == 201
    inspection_id = r.json["id"]
    household = db.session.get(type(farm), farm.id).household_id
    from core.registry.models import Household

    relative = pgs.inspector(db.session.get(Household, household))
    r = client.post(
        f"{API}/inspections/{inspection_id}/team", json={"person_id": relative.person.id}
    )
    assert r.status_code == 409 and r.json["error"]["code"] == "conflict_of_interest"
    assert db.session.scalars(sa.select(InspectionInspector)).all() == []
    a = pgs.inspector()
    assert (
        client.post(
            f"{API}/inspections/{inspection_id}/team", json={"person_id": a.person.id}
        ).status_code
        == 201
    )
    # staff are not inspectors: answering is refused
    r = client.post(
        f"{API}/inspections/{inspection_id}/answers",
        json={"criterion_id": pgs.criteria[0].id, "result": "pass"},
    )
    assert r.status_code == 403
    client.login(a.user)
    r = client.post(f"{API}/inspections/{inspection_id}/verdict", json={"verdict": "pass"})
    assert r.status_code == 409 and r.json["error"]["code"] == "invalid_transition"


def test_committee_over_the_api(pgs, client):
    c = pgs.certified()
    first, second, _ = c.committee
    cert_id = c.certificate.id
    client.login(pgs.staff)
    assert (
        client.post(
            f"{API}/certificates/{cert_id}/sanctions", json={"kind": "revocation", "reason": "x"}
        ).status_code
        == 403
    )
    client.login(first)
    r = client.post(
        f"{API}/certificates/{cert_id}/sanctions", json={"kind": "revocation", "reason": "ฉีดยา"}
    )
    assert r.status_code == 201 and r.json["status"] == "proposed"
    sanction_id = r.json["id"]
    r = client.post(f"{API}/sanctions/{sanction_id}/confirm")
    assert r.status_code == 409
    client.login(second)
    assert client.post(f"{API}/sanctions/{sanction_id}/confirm").json["status"] == "in_force"
    detail = client.get(f"{API}/certificates/{cert_id}").json
    assert detail["status_now"] == "revoked" and detail["scope"]
    assert client.get(f"{API}/dashboard").json["plots"] == 1
