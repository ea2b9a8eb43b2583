"""Every resident can be registered: a national ID beginning with 0 is
accepted, its category (the first digit's meaning) is shown on the staff
page next to the still-masked ID, spaces and dashes are read, and a wrong
check digit says so in Thai and English, next to the field."""

import pytest
import sqlalchemy as sa

from core.db import db
from core.registry import policies as p
from core.registry.models import Person
from core.tenancy.context import tenant_context

BASE = "/t/khok-sai/registry"
STATELESS = "0123456789016"  # a correct check digit


@pytest.mark.parametrize(
    "raw",
    ["0-1234-56789-01-6", "0 1234 56789 01 6", "0\u00a01234\u00a056789\u00a001\u00a06", "0–1234–56789–01–6"],
)
def test_spaces_and_dashes_of_any_kind_are_read(raw):
    assert p.normalise_national_id(raw) == STATELESS


@pytest.mark.parametrize("digit", list("123456780"))
def test_every_first_digit_but_9_has_a_category(digit):
    assert p.national_id_category(digit + "0" * 12)


def test_no_category_for_nothing_or_a_short_value():
    assert p.national_id_category(None) == "" and p.national_id_category("0123") == ""


def _new_person(client, household_id, national_id, lang="th"):
    return client.post(
        f"{BASE}/households/{household_id}/people/new?lang={lang}",
        data={"first_name_th": "อาหมี่", "national_id": national_id},
    )


def test_a_person_without_thai_nationality_is_registered_and_shown_with_the_category(
    client, registry_tenant, staff, make_household
):
    h = make_household(registry_tenant, members=0)
    client.login(staff)
    response = _new_person(client, h.id, "0-1234-56789-01-6")
    assert response.status_code == 302
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(Person.national_id)) == STATELESS
    html = client.get(f"{BASE}/households/{h.id}?lang=en").get_data(as_text=True)
    assert "Person without Thai nationality or without registration status" in html
    assert STATELESS not in html and "x-xxxx-xxxxx-01-6" in html
    html = client.get(f"{BASE}/households/{h.id}?lang=th").get_data(as_text=True)
    assert "ผู้ไม่มีสัญชาติไทย" in html


@pytest.mark.parametrize("lang,words", [("en", "check digit is wrong"), ("th", "เลขตรวจสอบ")])
def test_a_wrong_check_digit_says_so_next_to_the_field(client, registry_tenant, staff, make_household, lang, words):
    h = make_household(registry_tenant, members=0)
    client.login(staff)
    response = _new_person(client, h.id, "0 1234 56789 01 7", lang)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = html[html.index('data-field="national_id"'):]
    assert words in field[: field.index("</div>") + 200]
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 0
