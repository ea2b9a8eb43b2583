"""Unicode tricks in names and bodies: bidirectional overrides and invisible
controls refused at the door with a message (nothing stored), zero-width
characters dropped from names, words disguised in two alphabets refused,
oversized bodies refused."""

import sqlalchemy as sa

from core.db import db
from core.registry.models import Village
from core.tenancy.context import tenant_context
from core.text import clean_name, has_forbidden, mixed_script_words

BASE = "/t/khok-sai/registry"


def _villages(tenant) -> list[str]:
    with tenant_context(tenant.id):
        names = list(db.session.scalars(sa.select(Village.name_th).order_by(Village.id)))
    db.session.rollback()
    return names


def test_the_rules():
    assert mixed_script_words("pаyment") == ["pаyment"]  # Cyrillic а inside a Latin word
    assert mixed_script_words("บ้านโคกทราย Moo 3 หมู่ ๓") == []
    assert mixed_script_words("สมชaย") == ["สมชaย"]
    assert clean_name("  โคก\u200bทราย \u00a0 ใหม่ ") == "โคกทราย ใหม่"
    assert (
        has_forbidden("abc\u202egnp.exe")
        and has_forbidden("a\x1bb")
        and not has_forbidden("บรรทัด\nใหม่\t")
    )


def test_a_right_to_left_override_is_refused_with_a_message(client, registry_tenant, staff):
    client.login(staff)
    response = client.post(f"{BASE}/villages/new", data={"moo": "4", "name_th": "โคก\u202eทราย"})
    assert response.status_code == 400
    assert "invisible" in response.get_data(as_text=True) or "มองไม่เห็น" in response.get_data(
        as_text=True
    )
    assert _villages(registry_tenant) == []


def test_json_bodies_are_checked_too(client, registry_tenant, staff):
    client.login(staff)
    response = client.post(f"{BASE}/villages/new", json={"name_th": ["ok", {"x": "a\u2066b"}]})
    assert response.status_code == 400


def test_zero_width_characters_are_dropped_and_disguised_words_refused(
    client, registry_tenant, staff
):
    client.login(staff)
    assert (
        client.post(
            f"{BASE}/villages/new", data={"moo": "5", "name_th": "หนอง\u200bบัว"}
        ).status_code
        == 302
    )
    assert _villages(registry_tenant) == ["หนองบัว"]
    response = client.post(f"{BASE}/villages/new", data={"moo": "6", "name_th": "Pаk Phayun"})
    assert response.status_code == 422 and 'data-field="name_th"' in response.get_data(as_text=True)
    assert _villages(registry_tenant) == ["หนองบัว"]


def test_an_oversized_body_is_refused(client, registry_tenant, staff, app):
    client.login(staff)
    big = "ก" * (app.config["MAX_CONTENT_LENGTH"] // 3 + 10)  # three bytes a Thai letter
    response = client.post(f"{BASE}/villages/new", data={"moo": "7", "name_th": big})
    assert response.status_code == 413
    assert _villages(registry_tenant) == []
