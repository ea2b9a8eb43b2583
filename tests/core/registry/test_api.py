"""The registry and tenancy JSON API."""

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household, Person
from core.tenancy.context import tenant_context
from tests.factories import valid_national_id

API = "/api/v1/t/khok-sai/registry"


def test_list_create_get_households(client, registry_tenant, staff, make_village):
    v = make_village(registry_tenant, moo=3)
    client.login(staff)
    created = client.post(f"{API}/households", json={"code": "12/3", "village_id": v.id, "address": "ลับ"})
    assert created.status_code == 201, created.json
    hid = created.json["id"]
    assert created.json["village"]["moo"] == 3 and "address" not in created.json
    person = client.post(f"{API}/persons", json={
        "household_id": hid, "first_name_th": "สมชาย", "national_id": "1-1017-00230-70-8",
        "phone": "081-234-5678", "birth_date": "17/05/2500", "disabled": True})
    assert person.status_code == 201, person.json
    assert person.json["national_id_masked"] == "x-xxxx-xxxxx-70-8"
    assert person.json["phone_masked"] == "08x-xxx-5678"
    assert person.json["birth_date"] == "1957-05-17"
    listing = client.get(f"{API}/households?limit=10").json
    assert (listing["total"], listing["page"], listing["items"][0]["code"]) == (1, 1, "12/3")
    assert listing["items"][0]["vulnerability"] == ["disabled", "elderly"]
    detail = client.get(f"{API}/households/{hid}").json
    assert detail["members"][0]["first_name_th"] == "สมชาย" and detail["head_person_id"] == person.json["id"]
    body = repr(detail) + repr(client.get(f"{API}/persons").json)
    assert "1101700230708" not in body and "812345678" not in body
    assert client.get(f"{API}/villages").json["items"][0]["id"] == v.id


def test_bad_national_id_is_422_with_stable_codes_and_nothing_saved(client, registry_tenant, staff, make_household):
    h = make_household(registry_tenant, members=0)
    client.login(staff)
    response = client.post(f"{API}/persons", json={
        "household_id": h.id, "first_name_th": "ก", "national_id": "1101700230709", "phone": "123"})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid_national_id"
    assert error["codes"] == {"national_id": "invalid_national_id", "phone": "invalid_phone"}
    assert "เลขตรวจสอบ" in error["fields"]["national_id"][0]  # in the user's language
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 0


def test_wrong_types_are_422_json(client, registry_tenant, staff):
    client.login(staff)
    response = client.post(f"{API}/households", json={"village_id": "abc"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid"
    assert set(response.json["error"]["fields"]["json"]) == {"code", "village_id"}
    assert client.get(f"{API}/households?limit=1000").status_code == 422


def test_duplicate_code_is_422(client, registry_tenant, staff, make_household):
    make_household(registry_tenant, code="A")
    client.login(staff)
    response = client.post(f"{API}/households", json={"code": "A"})
    assert response.status_code == 422 and response.json["error"]["code"] == "duplicate_code"


def test_permissions(client, registry_tenant, volunteer, make_member, make_household):
    make_household(registry_tenant)
    assert client.get(f"{API}/households").status_code == 401
    client.login(volunteer)
    assert client.get(f"{API}/households").status_code == 200
    response = client.post(f"{API}/households", json={"code": "new"})
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    client.login(make_member(registry_tenant, "household"))
    assert client.get(f"{API}/households").status_code == 403
    assert client.get(f"{API}/persons").status_code == 403
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Household.id))) == 1


def test_another_tenants_household_is_404_json(client, registry_tenant, staff, make_tenant, make_household):
    foreign = make_household(make_tenant())
    client.login(staff)
    response = client.get(f"{API}/households/{foreign.id}")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    response = client.post(f"{API}/persons", json={"household_id": foreign.id, "first_name_th": "ก"})
    assert response.status_code == 404
    with tenant_context(foreign.tenant_id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 1


def test_pagination(client, registry_tenant, volunteer, make_household):
    for i in range(3):
        make_household(registry_tenant, code=f"H{i}", members=0)
    client.login(volunteer)
    page = client.get(f"{API}/households?limit=2&page=2").json
    assert (page["total"], page["pages"], page["page"], [h["code"] for h in page["items"]]) == (3, 2, 2, ["H2"])


def test_openapi_lists_registry_and_tenant_paths(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = set(spec["paths"])
    for path in ("/api/v1/t/{slug}/registry/households", "/api/v1/t/{slug}/registry/households/{household_id}",
                 "/api/v1/t/{slug}/registry/persons", "/api/v1/t/{slug}/registry/villages",
                 "/api/v1/tenants", "/api/v1/tenants/{tenant_slug}"):
        assert path in paths, path


def test_my_tenants(client, make_tenant, make_member, registry_tenant):
    assert client.get("/api/v1/tenants").status_code == 401
    user = make_member(registry_tenant, "volunteer")
    make_tenant(slug="not-mine")
    items = client.login(user).get("/api/v1/tenants").json["items"]
    assert [(t["slug"], t["roles"]) for t in items] == [("khok-sai", ["volunteer"])]


def test_tenant_public_facts(client, make_tenant):
    parent = make_tenant(slug="net", kind="network")
    make_tenant(slug="child-a", parent_id=parent.id)
    make_tenant(slug="child-b", parent_id=parent.id)
    facts = client.get("/api/v1/tenants/net").json
    assert (facts["kind"], facts["parent"], facts["children"]) == ("network", None, ["child-a", "child-b"])
    assert client.get("/api/v1/tenants/child-a").json["parent"] == "net"
    response = client.get("/api/v1/tenants/nowhere")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_list_search(client, registry_tenant, volunteer, make_household, make_person):
    h = make_household(registry_tenant, members=0, code="Z")
    make_person(registry_tenant, household_id=h.id, first_name_th="มานี", national_id=valid_national_id(5))
    client.login(volunteer)
    assert client.get(f"{API}/households?q=มานี").json["total"] == 1
    assert client.get(f"{API}/households?q=ไม่มี").json["total"] == 0
    assert client.get(f"{API}/persons?q=มานี").json["items"][0]["first_name_th"] == "มานี"
