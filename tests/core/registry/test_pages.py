"""Registry pages: permissions, masking, audited reveal, field errors."""

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.registry.models import Household, Person
from core.tenancy.context import tenant_context
from tests.factories import valid_national_id

BASE = "/t/khok-sai/registry"


def test_volunteer_can_view_but_not_edit(client, registry_tenant, volunteer, make_household):
    h = make_household(registry_tenant)
    client.login(volunteer)
    assert client.get(f"{BASE}/").status_code == 200
    assert client.get(f"{BASE}/households").status_code == 200
    assert client.get(f"{BASE}/households/{h.id}").status_code == 200
    assert client.get(f"{BASE}/households/new").status_code == 403
    response = client.post(f"{BASE}/households/new", data={"code": "9"})
    assert response.status_code == 403
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Household.id))) == 1


def test_household_role_cannot_view(client, registry_tenant, make_member):
    client.login(make_member(registry_tenant, "household"))
    for path in ("/", "/households", "/villages", "/duplicates", "/imports"):
        assert client.get(BASE + path).status_code == 403, path


def test_anonymous_is_sent_to_login(client, registry_tenant):
    response = client.get(f"{BASE}/households")
    assert response.status_code in (302, 401)


def test_member_of_another_tenant_cannot_view(client, registry_tenant, make_tenant, make_member):
    client.login(make_member(make_tenant(), "admin"))
    assert client.get(f"{BASE}/households").status_code == 403


def test_lists_show_masked_ids_and_no_address_for_viewers(client, registry_tenant, volunteer, make_household):
    nid = valid_national_id(4242)
    h = make_household(registry_tenant, address="99 ซอยลับ")
    with tenant_context(registry_tenant.id):
        p = db.session.get(Person, h.head_person_id)
        p.national_id, p.phone = nid, "+66812345678"
        db.session.commit()
    client.login(volunteer)
    for path in ("/households", f"/households/{h.id}"):
        html = client.get(BASE + path).get_data(as_text=True)
        assert nid not in html and "0812345678" not in html and "812345678" not in html
        assert f"x-xxxx-xxxxx-{nid[10:12]}-{nid[12]}" in html
    html = client.get(f"{BASE}/households/{h.id}").get_data(as_text=True)
    assert "08x-xxx-5678" in html
    assert "ซอยลับ" not in html


def test_staff_sees_the_address(client, registry_tenant, staff, make_household):
    h = make_household(registry_tenant, address="99 ซอยลับ")
    html = client.login(staff).get(f"{BASE}/households/{h.id}").get_data(as_text=True)
    assert "ซอยลับ" in html


def test_full_id_only_via_audited_show(client, registry_tenant, admin, staff, make_household):
    h = make_household(registry_tenant)
    with tenant_context(registry_tenant.id):
        person = db.session.get(Person, h.head_person_id)
        nid, pid = person.national_id, person.id
    client.login(staff)
    assert client.post(f"{BASE}/people/{pid}/reveal").status_code == 403
    assert 'data-test="full-id"' not in client.get(f"{BASE}/households/{h.id}").get_data(as_text=True)
    client.login(admin)
    assert nid not in client.get(f"{BASE}/households/{h.id}").get_data(as_text=True)
    assert client.get(f"{BASE}/people/{pid}/reveal").status_code == 405  # never by a link
    response = client.post(f"{BASE}/people/{pid}/reveal")
    assert response.status_code == 200 and nid in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    with tenant_context(registry_tenant.id):
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "registry.person.view_full_id")
        ).all()
    assert [(e.actor_user_id, e.target_id) for e in events] == [(admin.id, pid)]


def test_bad_national_id_shows_field_error_and_saves_nothing(client, registry_tenant, staff, make_household):
    h = make_household(registry_tenant, members=0)
    client.login(staff)
    response = client.post(
        f"{BASE}/households/{h.id}/people/new",
        data={"first_name_th": "สมศรี", "national_id": "1-1017-00230-70-9", "phone": "12",
              "birth_date": "01/01/2600"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-field="national_id"' in html and "has-error" in html
    assert "เลขตรวจสอบ" in html  # the check-digit message, in Thai
    assert html.count('class="error"') == 3
    assert 'value="สมศรี"' in html  # what was typed is kept
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 0


def test_staff_adds_a_member_and_the_household_shows_it(client, registry_tenant, staff, make_household):
    h = make_household(registry_tenant, members=0)
    client.login(staff)
    response = client.post(
        f"{BASE}/households/{h.id}/people/new",
        data={"first_name_th": "สมศรี", "national_id": "1-1017-00230-70-8", "birth_date": "17/05/2500",
              "bedridden": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    with tenant_context(registry_tenant.id):
        person = db.session.scalar(sa.select(Person))
        assert (person.national_id, person.birth_date.year, person.bedridden) == ("1101700230708", 1957, True)
        assert db.session.get(Household, h.id).head_person_id == person.id
    html = client.get(f"{BASE}/households/{h.id}").get_data(as_text=True)
    assert 'data-flag="bedridden"' in html and 'data-flag="elderly"' in html


def test_household_search_and_filters(client, registry_tenant, volunteer, make_household, make_village):
    v = make_village(registry_tenant)
    a = make_household(registry_tenant, code="A-1", village_id=v.id)
    make_household(registry_tenant, code="B-2")
    with tenant_context(registry_tenant.id):
        db.session.get(Person, a.head_person_id).hardship = True
        db.session.commit()
    client.login(volunteer)

    def codes(query):
        html = client.get(f"{BASE}/households?{query}").get_data(as_text=True)
        return {c for c in ("A-1", "B-2") if f">{c}</a>" in html}

    assert codes("") == {"A-1", "B-2"}
    assert codes("q=a-1") == {"A-1"}
    assert codes(f"village={v.id}") == {"A-1"}
    assert codes("flag=hardship") == {"A-1"}
    assert codes("flag=disabled") == set()
    assert client.get(f"{BASE}/households?page=abc&village=x&flag=zzz").status_code == 200


def test_another_tenants_household_is_404(client, registry_tenant, admin, make_tenant, make_household):
    foreign = make_household(make_tenant())
    client.login(admin)
    assert client.get(f"{BASE}/households/{foreign.id}").status_code == 404
    assert client.get(f"{BASE}/households/{foreign.id}/edit").status_code == 404
    assert client.post(f"{BASE}/people/{foreign.head_person_id}/reveal").status_code == 404


def test_overview_counts(client, registry_tenant, volunteer, make_household):
    make_household(registry_tenant, members=2)
    html = client.login(volunteer).get(f"{BASE}/").get_data(as_text=True)
    assert 'data-test="households">1<' in html and 'data-test="people">2<' in html


def test_village_form_errors(client, registry_tenant, staff):
    client.login(staff)
    response = client.post(f"{BASE}/villages/new", data={"moo": "abc", "name_th": ""})
    assert response.status_code == 422
    assert client.post(f"{BASE}/villages/new", data={"moo": "3", "name_th": "โคก"}).status_code == 302
    response = client.post(f"{BASE}/villages/new", data={"moo": "3", "name_th": "ซ้ำ"})
    assert response.status_code == 422 and 'data-field="moo"' in response.get_data(as_text=True)


def test_duplicates_page_and_resolution(client, registry_tenant, staff, make_household, make_person):
    h = make_household(registry_tenant)
    from core.registry import services

    with tenant_context(registry_tenant.id):
        head = db.session.get(Person, h.head_person_id)
        services.add_person(staff, registry_tenant, db.session.get(Household, h.id),
                            {"first_name_th": "ซ้ำ", "national_id": head.national_id})
        db.session.commit()
        from core.registry.models import DuplicateFlag

        flag_id = db.session.scalar(sa.select(DuplicateFlag.id))
    client.login(staff)
    assert f'data-flag-id="{flag_id}"' in client.get(f"{BASE}/duplicates").get_data(as_text=True)
    client.post(f"{BASE}/duplicates/{flag_id}/resolve", data={"resolution": "distinct", "note": "ok"})
    assert f'data-flag-id="{flag_id}"' not in client.get(f"{BASE}/duplicates").get_data(as_text=True)


def test_every_page_renders_for_an_admin_in_both_languages(client, registry_tenant, admin, make_household):
    import io

    h = make_household(registry_tenant, members=2, address="1 ถนน")
    client.login(admin)
    client.post(f"{BASE}/imports", data={"file": (io.BytesIO("household_code,first_name_th\nX,ก\n".encode()), "a.csv")},
                content_type="multipart/form-data")
    with tenant_context(registry_tenant.id):
        from core.registry.models import ImportJob

        job_id = db.session.scalar(sa.select(ImportJob.id))
    pages = ["/", "/villages", "/villages/new", f"/villages/{h.village_id}/edit", "/households",
             "/households/new", f"/households/{h.id}", f"/households/{h.id}/edit",
             f"/households/{h.id}/people/new", f"/people/{h.head_person_id}/edit", "/duplicates",
             "/imports", f"/imports/{job_id}"]
    for lang in ("th", "en"):
        client.post(f"/lang/{lang}")
        for path in pages:
            response = client.get(BASE + path)
            assert response.status_code == 200, (lang, path)
            assert f'<html lang="{lang}">' in response.get_data(as_text=True)
    html = client.get(f"{BASE}/households/{h.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{h.village_id}">' in html or f'value="{h.village_id}" selected' in html


def test_the_households_list_reads_a_fixed_number_of_statements(client, registry_tenant, volunteer, make_household):
    """One page of households costs the same statements for 3 households as
    for 12: heads, members and villages are loaded per page, not per row."""
    from sqlalchemy import event

    client.login(volunteer)

    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"{BASE}/households").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    for _ in range(3):
        make_household(registry_tenant)
    few = statements()
    for _ in range(9):
        make_household(registry_tenant)
    assert statements() == few
