"""Villages are matched by number within the tenant's subdistrict: an import
row with the village number and no name (or another spelling) is the existing
village, never a new one. Reproduces Khok Sai going from 13 to 15 villages."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.demo.geography import ensure_geography
from core.demo.organisations import ensure_moo_villages
from core.registry.models import Household, Village
from core.tenancy.context import tenant_context
from tests.core.registry.test_import import job, row, to_csv, upload
from tests.factories import valid_national_id

BASE = "/t/khok-sai/registry"


def _khok_sai(tenant_id: int) -> int:
    """Thirteen villages of one subdistrict, as the demo seeds them."""
    with tenant_context(tenant_id):
        subdistrict = next(iter(ensure_geography().values()))
        ensure_moo_villages(subdistrict, tuple(f"บ้านที่ {n}" for n in range(1, 14)))
        db.session.commit()
        return subdistrict.id


def _villages(tenant_id: int) -> list[Village]:
    with tenant_context(tenant_id):
        db.session.expire_all()
        rows = list(db.session.scalars(sa.select(Village).order_by(Village.moo)))
        db.session.rollback()
        return rows


def test_rows_with_the_number_and_no_name_match_the_existing_villages(client, registry_tenant, staff):
    subdistrict_id = _khok_sai(registry_tenant.id)
    client.login(staff)
    rows = [
        row("10/1", "สมชาย", moo="3", village_name="", nid=valid_national_id(21)),
        row("10/2", "สมศรี", moo="5", village_name="บ้านสะกดอีกแบบ", nid=valid_national_id(22)),
        row("10/3", "มานี", moo="13", village_name="", nid=valid_national_id(23)),
    ]
    for _ in range(2):  # and a second run of the same file
        assert upload(client, to_csv(rows)).status_code == 302
        assert job(registry_tenant.id).status == "done"
        assert job(registry_tenant.id).villages_created == 0
    villages = _villages(registry_tenant.id)
    assert len(villages) == 13
    assert {v.subdistrict_id for v in villages} == {subdistrict_id}
    with tenant_context(registry_tenant.id):
        homes = {h.code: h.village for h in db.session.scalars(sa.select(Household))}
        assert (homes["10/1"].moo, homes["10/1"].name_th) == (3, "บ้านที่ 3")
        assert homes["10/2"].name_th == "บ้านที่ 5"  # a name is not a new village
        db.session.rollback()


def test_a_new_number_is_added_in_the_tenants_subdistrict(client, registry_tenant, staff):
    subdistrict_id = _khok_sai(registry_tenant.id)
    client.login(staff)
    upload(client, to_csv([row("20/1", "ชูใจ", moo="14", village_name="", nid=valid_national_id(31))]))
    assert job(registry_tenant.id).villages_created == 1
    village = _villages(registry_tenant.id)[-1]
    assert (village.moo, village.subdistrict_id, village.name_th) == (14, subdistrict_id, "หมู่ 14")
    # named later: the placeholder takes the real name, still one village
    upload(client, to_csv([row("20/2", "ปิติ", moo="14", village_name="บ้านใหม่", nid=valid_national_id(32))]))
    villages = _villages(registry_tenant.id)
    assert len(villages) == 14 and villages[-1].name_th == "บ้านใหม่"


def test_the_village_form_refuses_a_number_the_subdistrict_has(client, registry_tenant, staff):
    _khok_sai(registry_tenant.id)
    client.login(staff)
    r = client.post(f"{BASE}/villages/new", data={"moo": "3", "name_th": "บ้านซ้ำ"})
    assert r.status_code == 422
    assert len(_villages(registry_tenant.id)) == 13


def test_a_tenant_without_subdistrict_keeps_one_village_per_number(client, registry_tenant, staff):
    client.login(staff)
    upload(client, to_csv([row("1/1", "สมชาย", moo="3", village_name="บ้านโคก", nid=valid_national_id(41))]))
    upload(client, to_csv([row("1/2", "สมหญิง", moo="3", village_name="", nid=valid_national_id(42))]))
    assert [(v.moo, v.name_th) for v in _villages(registry_tenant.id)] == [(3, "บ้านโคก")]


def test_a_number_in_two_subdistricts_is_reported_not_guessed(client, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        first, second = list(ensure_geography().values())[:2]
        ensure_moo_villages(first, ("บ้านเหนือ",))
        ensure_moo_villages(second, ("บ้านใต้",))
        db.session.commit()
    client.login(staff)
    upload(client, to_csv([row("5/1", "สมชาย", moo="1", village_name="", nid=valid_national_id(51))]))
    j = job(registry_tenant.id)
    assert j.status == "invalid"
    assert [e["code"] for e in j.errors] == ["ambiguous_village"]
    assert len(_villages(registry_tenant.id)) == 2
