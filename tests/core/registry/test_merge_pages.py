"""The merge pages as an admin would use them, and as a staff member may not."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household, MergeRecord, Person
from core.tenancy.context import tenant_context
from tests.core.registry.test_merge import two  # noqa: F401 - the fixture

BASE = "/t/khok-sai/registry"


def test_an_admin_merges_people_from_two_villages_after_confirming_and_undoes(two, client,  # noqa: F811
                                                                               make_village):
    t = two["tenant"]
    other = make_village(t, moo=8, name_th="บ้านนาเหนือ")
    with tenant_context(t.id):
        db.session.get(Household, two["h2"]).village_id = other.id
        db.session.commit()
    client.login(two["admin"])
    duplicates = client.get(f"{BASE}/duplicates").get_data(as_text=True)
    assert 'data-test="merge-link"' in duplicates
    url = f"{BASE}/merge/people?keep={two['kept']}&remove={two['dup']}"
    page = client.get(url)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "หมู่ 8" in body
    with tenant_context(t.id):
        nid = db.session.get(Person, two["dup"]).national_id
    assert nid not in body  # masked

    refused = client.post(url, data={"reason": "บัตรเดียวกัน"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'data-test="merge-error"' in body and "ต่างหมู่บ้าน" in body
    assert "บัตรเดียวกัน" in body  # what was typed is kept
    with tenant_context(t.id):
        assert db.session.get(Person, two["dup"]) is not None
        db.session.rollback()

    done = client.post(url, data={"confirm_villages": "1", "reason": "ย้ายบ้าน"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/registry/merges")
    listing = client.get(f"{BASE}/merges").get_data(as_text=True)
    assert 'data-merge-id="' in listing
    with tenant_context(t.id):
        assert db.session.get(Person, two["dup"]) is None
        merge_id = db.session.scalar(sa.select(MergeRecord.id))
        db.session.rollback()
    assert client.post(f"{BASE}/merges/{merge_id}/undo").status_code == 302
    with tenant_context(t.id):
        db.session.expire_all()
        assert db.session.get(Person, two["dup"]) is not None
        db.session.rollback()
    again = client.post(f"{BASE}/merges/{merge_id}/undo", follow_redirects=True)
    assert again.status_code == 200 and "ยกเลิกไปแล้ว" in again.get_data(as_text=True)


def test_a_staff_member_cannot_merge(two, client, make_member):  # noqa: F811
    client.login(make_member(two["tenant"], "staff"))
    url = f"{BASE}/merge/people?keep={two['kept']}&remove={two['dup']}"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"confirm_villages": "1"}).status_code == 403
    assert client.get(f"{BASE}/merges").status_code == 403
    assert 'data-test="merge-link"' not in client.get(f"{BASE}/duplicates").get_data(as_text=True)


def test_the_village_merge_page(two, client, make_village, make_household):  # noqa: F811
    t = two["tenant"]
    twin = make_village(t, moo=None, name_th="โคกทราย", kind="community")
    home = make_household(t, members=1, village_id=twin.id)
    client.login(two["admin"])
    url = f"{BASE}/villages/{twin.id}/merge"
    assert client.get(url).status_code == 200
    empty = client.post(url, data={"keep": ""})
    assert empty.status_code == 422 and 'data-test="merge-error"' in empty.get_data(as_text=True)
    assert client.post(url, data={"keep": str(two["village"].id)}).status_code == 302
    with tenant_context(t.id):
        assert db.session.get(Household, home.id).village_id == two["village"].id
        db.session.rollback()
