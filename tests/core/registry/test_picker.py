"""The search picker: namesakes told apart by village and house code, every
typed word counts, paged, nothing private shown, nothing from another
organisation, and no search (empty, spaces, Thai, wildcards) is a 500."""

from __future__ import annotations

import pytest

from core.db import db
from core.registry import picker
from core.tenancy.context import tenant_context


@pytest.fixture
def village_people(make_tenant, make_village, make_household, make_person):
    tenant = make_tenant(slug="kok")
    north = make_village(tenant, moo=3, name_th="บ้านโคกสูง")
    south = make_village(tenant, moo=7, name_th="บ้านหนองบัว")
    a = make_household(tenant, members=0, code="12/3", village_id=north.id)
    b = make_household(tenant, members=0, code="45/1", village_id=south.id)
    people = [make_person(tenant, first_name_th="กนกวรรณ", last_name_th="ศรีสุข", household_id=a.id,
                          phone="+66812345678"),
              make_person(tenant, first_name_th="กนกวรรณ", last_name_th="ทองดี", household_id=b.id)]
    for n in range(30):
        make_person(tenant, first_name_th=f"สมศรี{n:02d}", last_name_th="ใจงาม", household_id=b.id)
    return tenant, people


def search(tenant, text, page=1, kind="people"):
    with tenant_context(tenant.id):
        return picker.SEARCHES[kind](text, page)


def test_namesakes_are_told_apart_by_village_and_house_code(village_people):
    tenant, (north, south) = village_people
    found = search(tenant, "กนกวรรณ")
    assert found.total == 2
    shown = {(c.household_code, c.village) for c in found.choices}
    assert shown == {("12/3", "หมู่ 3 บ้านโคกสูง"), ("45/1", "หมู่ 7 บ้านหนองบัว")}


@pytest.mark.parametrize("text", ["กนกวรรณ  ทองดี", "  ทองดี กนก ", "กนกวรรณ หนองบัว", "กนก 45/1", "กนกวรรณ 7"])
def test_every_word_must_match_name_house_or_village(village_people, text):
    tenant, (_north, south) = village_people
    assert [c.id for c in search(tenant, text).choices] == [south.id]


def test_empty_or_blank_search_lists_everyone_a_page_at_a_time(village_people):
    tenant, _ = village_people
    for text in ("", "   ", None, "\t\n"):
        first = search(tenant, text)
        assert (first.total, len(first.choices), first.pages, first.query) == (32, 20, 2, "")
    second = search(tenant, "", page="2")
    assert len(second.choices) == 12 and not second.has_next
    assert {c.id for c in first.choices}.isdisjoint({c.id for c in second.choices})
    assert search(tenant, "", page="999").page == 2  # past the end: the last page
    assert search(tenant, "", page="x").page == 1


@pytest.mark.parametrize("text", ["%", "_", "\\", "'; drop table person; --", "ก" * 500, "๑๒"])
def test_wildcards_and_odd_text_find_nothing_rather_than_everyone(village_people, text):
    tenant, _ = village_people
    assert search(tenant, text).total == 0


def test_households_by_code_village_or_head(village_people):
    tenant, _ = village_people
    assert [c.household_code for c in search(tenant, "หนองบัว", kind="households").choices] == ["45/1"]
    assert search(tenant, "12/3", kind="households").choices[0].village == "หมู่ 3 บ้านโคกสูง"


def test_another_organisations_people_are_not_found(village_people, make_tenant, make_person):
    tenant, _ = village_people
    other = make_tenant(slug="other")
    make_person(other, first_name_th="กนกวรรณ", last_name_th="คนอื่น")
    assert search(tenant, "คนอื่น").total == 0
    assert search(other, "กนกวรรณ").total == 1


def test_the_json_answer_shows_no_id_number_or_phone(village_people, client, make_member):
    tenant, (north, _south) = village_people
    client.login(make_member(tenant, "fund_manager"))
    response = client.get("/t/kok/registry/pick/people.json?q=%E0%B8%81%E0%B8%99%E0%B8%81")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert response.get_json()["total"] == 2
    with tenant_context(tenant.id):
        person = db.session.merge(north)
        assert person.national_id not in body and "812345678" not in body
    for text in ("", "%20%20", "%", "x" * 300):
        assert client.get(f"/t/kok/registry/pick/people.json?q={text}&page=-1").status_code == 200
    assert client.get("/t/kok/registry/pick/plots.json").status_code == 404
    client.login(make_member(tenant, "household"))
    assert client.get("/t/kok/registry/pick/people.json").status_code == 403
