"""Plot-register CSV import: a network's ~3,000 plots in one go, with
progress and an error report; a bad file imports nothing in strict mode."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from core.db import db
from core.imports.models import ImportJob as PlotImportJob
from producers.models.pgs import Farm, Planting, Plot, ProducerGroup
from tests.statements import counted

BASE = "/t/test-pgs/producers/pgs"


def _csv(rows: list[dict]) -> bytes:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def _row(n: int, **kw) -> dict:
    row = {
        "plot_code": f"R-{n:05d}",
        "farmer_first_name_th": f"ก{n // 3}",
        "group_name": f"G{n % 20}",
        "village_moo": str(n % 13 + 1),
        "area_rai": str(n % 5 + 1),
        "area_ngan": "1",
        "lat": f"{7 + (n % 90) / 100:.2f}",
        "lon": f"{100.3 + (n % 70) / 100:.2f}",
        "crop": "ผัก",
        "planted_on": "2026-10-01",
        "expected_harvest_on": "2026-11-15",
        "expected_quantity_kg": "120",
    }
    row.update(kw)
    return row


def _upload(client, content: bytes, mode: str = "strict"):
    return client.post(
        f"{BASE}/imports",
        data={"file": (io.BytesIO(content), "plots.csv"), "mode": mode},
        content_type="multipart/form-data",
    )


def test_three_thousand_plots_in_one_go(pgs, client):
    client.login(pgs.staff)
    content = _csv([_row(n) for n in range(3000)])
    assert (
        len(content) < 500 * 1024
    )  # the test client spools larger bodies to a file it never closes
    r = _upload(client, content)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    job = db.session.scalars(sa.select(PlotImportJob)).one()
    assert job.status == "done", job.errors[:3]
    assert (job.plots_created, job.farms_created, job.people_created, job.groups_created) == (
        3000,
        1000,
        1000,
        20,
    )
    assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 3000
    assert db.session.scalar(sa.select(sa.func.count(Planting.id))) == 3000
    status = client.get(f"{BASE}/imports/{job.id}/status").json
    assert status["finished"] and status["percent"] == 100
    assert client.get(f"{BASE}/imports/{job.id}").status_code == 200
    # the dashboard stays quick with them: its statements do not grow with the plots
    with counted() as statements:
        assert client.get(f"{BASE}/dashboard").status_code == 200
    assert len(statements) <= 15, len(statements)


def test_bad_rows_are_reported_and_strict_imports_nothing(pgs, client):
    client.login(pgs.staff)
    pgs.farmer()  # owns a plot whose code the file repeats
    taken = db.session.scalars(sa.select(Plot.code)).first()
    rows = [
        _row(1),
        _row(2, plot_code="R-00001"),
        _row(3, area_rai="0", area_ngan="0", area_wa="0"),
        _row(4, geometry='{"type": "Polygon"}'),
        _row(5, expected_harvest_on="2026-09-01"),
        _row(6, plot_code=taken),
        _row(7, land_type="moon"),
        _row(8),
    ]
    r = _upload(client, _csv(rows))
    assert r.status_code == 302
    job = db.session.scalars(sa.select(PlotImportJob)).one()
    assert job.status == "invalid"
    by_row = {e["row"]: e["field"] for e in job.errors}
    assert by_row == {
        3: "plot_code",
        4: "area_sqm",
        5: "geometry",
        6: "expected_harvest_on",
        7: "plot_code",
        8: "land_type",
    }
    assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 1
    assert db.session.scalars(sa.select(ProducerGroup)).all() == []
    report = client.get(f"{BASE}/imports/{job.id}/errors.csv").get_data(as_text=True)
    assert "รหัสแปลงนี้ซ้ำกับแถวที่ 2" in report
    r = client.post(f"{BASE}/imports/{job.id}/good-only")
    assert r.status_code == 302
    db.session.refresh(job)
    assert job.status == "done" and job.plots_created == 2 and job.rows_skipped == 6
    assert db.session.scalar(sa.select(sa.func.count(Farm.id))) == 1 + 2


def test_not_a_csv(pgs, client):
    client.login(pgs.staff)
    _upload(client, b"PK\x03\x04 spreadsheet")
    job = db.session.scalars(sa.select(PlotImportJob)).one()
    assert job.status == "failed" and job.errors
    r = _upload(client, b"")
    assert r.status_code == 422
