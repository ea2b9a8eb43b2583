"""CSV import of households: all or nothing, a per-row report, good rows only
on request, encodings, progress, re-runs without duplicates."""

import csv
import io

import sqlalchemy as sa

from core.db import db
from core.registry import importer
from core.registry.models import DuplicateFlag, Household, ImportJob, Person, Village
from core.tenancy.context import tenant_context
from tests.factories import valid_national_id

BASE = "/t/khok-sai/registry"


def row(code, first, moo="3", nid="", **kw):
    data = {"household_code": code, "village_moo": moo, "village_name": "บ้านโคก", "address": f"{code} หมู่ {moo}",
            "title_th": "นาย", "first_name_th": first, "last_name_th": "ใจดี", "national_id": nid,
            "phone": "", "birth_date": "2500-05-17", "sex": "M", "is_head": "0", "elderly": "0",
            "disabled": "0", "bedridden": "0", "chronic_illness": "0", "hardship": "ไม่"}
    data.update(kw)
    return data


def to_csv(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=importer.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


GOOD = [
    row("1/1", "สมชาย", nid=valid_national_id(11), is_head="1"),
    row("1/1", "สมศรี", nid=valid_national_id(12), disabled="ใช่"),
    row("2/5", "มานี", moo="4", nid=valid_national_id(13), birth_date="17/05/2530", phone="0812345678"),
]


def upload(client, content, mode="strict", filename="households.csv"):
    return client.post(f"{BASE}/imports", data={"file": (io.BytesIO(content), filename), "mode": mode},
                       content_type="multipart/form-data")


def job(tenant_id, job_id=None) -> ImportJob:
    db.session.expire_all()
    with tenant_context(tenant_id):
        stmt = sa.select(ImportJob).order_by(ImportJob.id.desc())
        return db.session.scalars(stmt).first()


def counts(tenant_id):
    db.session.expire_all()
    with tenant_context(tenant_id):
        return tuple(db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Village, Household, Person))


def test_good_file_imports_everything(client, registry_tenant, staff):
    client.login(staff)
    response = upload(client, to_csv(GOOD))
    assert response.status_code == 302
    j = job(registry_tenant.id)
    assert (j.status, j.total_rows, j.processed_rows, j.errors) == ("done", 3, 3, [])
    assert (j.villages_created, j.households_created, j.people_created) == (2, 2, 3)
    assert counts(registry_tenant.id) == (2, 2, 3)
    with tenant_context(registry_tenant.id):
        h = db.session.scalar(sa.select(Household).where(Household.code == "1/1"))
        assert h.head.first_name_th == "สมชาย" and h.village.moo == 3
        assert {p.first_name_th for p in h.members} == {"สมชาย", "สมศรี"}
        assert h.members[0].birth_date.year == 1957 and h.members[1].disabled
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-status="done"' in page and "<progress" in page
    status = client.get(f"{BASE}/imports/{j.id}/status").json
    assert status == {"status": "done", "processed_rows": 3, "total_rows": 3, "percent": 100,
                      "finished": True, "error_count": 0}


def test_one_bad_row_imports_nothing_and_is_reported(client, registry_tenant, staff):
    bad = [*GOOD, row("3/3", "ผิด", nid="1101700230709"), row("4/4", "", birth_date="2999-01-01")]
    client.login(staff)
    upload(client, to_csv(bad))
    j = job(registry_tenant.id)
    assert j.status == "invalid" and j.processed_rows == j.total_rows == 5
    assert counts(registry_tenant.id) == (0, 0, 0)
    found = {(e["row"], e["field"]) for e in j.errors}
    assert found == {(5, "national_id"), (6, "first_name_th"), (6, "birth_date")}
    page = client.get(f"{BASE}/imports/{j.id}").get_data(as_text=True)
    assert 'data-row="5" data-field="national_id"' in page
    assert "เลขตรวจสอบ" in page  # translated for the reader
    report = client.get(f"{BASE}/imports/{j.id}/errors.csv").get_data(as_text=True)
    assert "5,national_id," in report and "แถว" in report

    response = client.post(f"{BASE}/imports/{j.id}/good-only")
    assert response.status_code == 302
    j = job(registry_tenant.id)
    assert (j.status, j.mode, j.people_created, j.rows_skipped) == ("done", "good_only", 3, 2)
    assert counts(registry_tenant.id) == (2, 2, 3)
    # a finished job cannot be re-run
    assert client.post(f"{BASE}/imports/{j.id}/good-only").status_code == 409


def test_good_only_mode_chosen_at_upload(client, registry_tenant, staff):
    client.login(staff)
    upload(client, to_csv([*GOOD, row("9", "x", is_head="maybe")]), mode="good_only")
    j = job(registry_tenant.id)
    assert j.status == "done" and j.errors[0]["field"] == "is_head"
    assert counts(registry_tenant.id)[2] == 3


def test_reimport_updates_instead_of_duplicating(client, registry_tenant, staff):
    client.login(staff)
    upload(client, to_csv(GOOD))
    changed = [dict(GOOD[0], phone="0899999999"), *GOOD[1:]]
    upload(client, to_csv(changed))
    j = job(registry_tenant.id)
    assert (j.households_created, j.households_updated, j.people_created, j.people_updated) == (0, 2, 0, 3)
    assert counts(registry_tenant.id) == (2, 2, 3)
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(Person.phone).where(Person.first_name_th == "สมชาย")) == "+66899999999"


def test_bom_and_tis620_files(client, registry_tenant, staff):
    client.login(staff)
    upload(client, b"\xef\xbb\xbf" + to_csv(GOOD[:1]))
    assert (job(registry_tenant.id).status, job(registry_tenant.id).encoding) == ("done", "utf-8")
    upload(client, to_csv([row("7/7", "สมพร", nid=valid_national_id(70))], encoding="tis-620"))
    j = job(registry_tenant.id)
    assert (j.status, j.encoding) == ("done", "tis-620")
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(Person.first_name_th).where(Person.national_id == valid_national_id(70))) == "สมพร"


def test_wrong_encoding_and_wrong_columns_are_explained(client, registry_tenant, staff):
    client.login(staff)
    upload(client, to_csv(GOOD[:1]).decode().encode("utf-16"))
    j = job(registry_tenant.id)
    assert j.status == "failed" and "UTF-16" in j.message
    assert "UTF-16" in client.get(f"{BASE}/imports/{j.id}").get_data(as_text=True)
    upload(client, "name,phone\nสมชาย,0812345678\n".encode())
    j = job(registry_tenant.id)
    assert j.status == "failed" and j.errors[0]["params"] == {"columns": "household_code, first_name_th"}
    assert counts(registry_tenant.id) == (0, 0, 0)


def test_empty_upload_is_a_field_error(client, registry_tenant, staff):
    client.login(staff)
    response = upload(client, b"")
    assert response.status_code == 422 and 'data-field="file"' in response.get_data(as_text=True)


def test_duplicate_ids_in_a_file_are_flagged_not_merged(client, registry_tenant, staff):
    nid = valid_national_id(99)
    client.login(staff)
    upload(client, to_csv([row("1", "ก", nid=nid), row("2", "ข", nid=nid)]))
    assert counts(registry_tenant.id)[2] == 2
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(DuplicateFlag.id))) == 1


def test_template_downloads_and_imports(client, registry_tenant, staff):
    client.login(staff)
    response = client.get(f"{BASE}/imports/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    upload(client, response.get_data())
    assert job(registry_tenant.id).status == "done"
    assert counts(registry_tenant.id) == (1, 1, 2)


def test_volunteer_cannot_import(client, registry_tenant, volunteer):
    client.login(volunteer)
    assert upload(client, to_csv(GOOD)).status_code == 403
    assert client.get(f"{BASE}/imports/template.csv").status_code == 403


def test_another_tenants_job_is_404(client, registry_tenant, staff, make_tenant, make_member):
    other = make_tenant(slug="other")
    client.login(make_member(other, "staff"))
    client.post("/t/other/registry/imports", data={"file": (io.BytesIO(to_csv(GOOD)), "a.csv")},
                content_type="multipart/form-data")
    foreign = job(other.id)
    client.login(staff)
    for suffix in ("", "/status", "/errors.csv"):
        assert client.get(f"{BASE}/imports/{foreign.id}{suffix}").status_code == 404


def test_running_a_job_twice_is_harmless(ctx, registry_tenant, staff):
    from core.registry import services
    from core.registry.tasks import import_households

    with tenant_context(registry_tenant.id):
        j = services.start_import(staff, registry_tenant, "a.csv", to_csv(GOOD))
        db.session.commit()
        job_id = j.id
    assert import_households.run(job_id, registry_tenant.id) == "done"
    assert import_households.run(job_id, registry_tenant.id) == "done"
    assert counts(registry_tenant.id) == (2, 2, 3)
