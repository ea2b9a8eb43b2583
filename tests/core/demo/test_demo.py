"""The demo data: the counts of the founding documents, valid IDs, a log-in per
role, and loading twice changes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from core.auth.models import User
from core.db import db
from core.demo.load import counts, load
from core.demo.people import REFERENCE_DAY
from core.demo.users import DEMO_PASSWORD, HOUSEHOLD_PHONE
from core.registry.models import Household, Person, Village
from core.tenancy.context import tenant_context, user_context
from core.tenancy.models import ALL_ROLES, Membership, Tenant


@pytest.fixture(autouse=True)
def _core_demo_only(monkeypatch):
    """The kernel's demo (organisations, people, log-ins) without the domains'
    seeders: these tests are about the kernel's part, and delete rows that the
    domains' demo rows would refer to."""
    from core import modules

    monkeypatch.setattr(modules, "_DEMO", {})


def _load(ctx) -> str:
    summary = load()
    db.session.commit()
    return summary


def _tenant(slug: str) -> Tenant:
    return db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))


def _check_digit_ok(nid: str) -> bool:
    if len(nid) != 13 or not nid.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(nid[:12]))
    return (11 - total % 11) % 10 == int(nid[12])


def _snapshot(owner_rows) -> list[tuple]:
    return owner_rows(
        sa.select(Person.tenant_id, Household.code, Person.national_id, Person.first_name_th,
                  Person.birth_date, Person.phone)
        .join(Household, Household.id == Person.household_id)
        .order_by(Person.national_id)
    )  # fmt: skip


def test_loading_twice_changes_nothing(ctx, owner_rows):
    first = _load(ctx)
    before, rows = counts(), _snapshot(owner_rows)
    second = _load(ctx)
    assert counts() == before
    assert _snapshot(owner_rows) == rows
    assert "(0 new)" in second and "(0 new)" not in first.split("villages")[0]
    assert before["tenants"] == 20


def test_khok_sai_has_the_documented_counts(ctx):
    _load(ctx)
    khok_sai = _tenant("khok-sai")
    assert khok_sai.kind == "council"
    assert khok_sai.parent.slug == "phatthalung-network"
    with tenant_context(khok_sai.id):
        moos = list(db.session.scalars(sa.select(Village.moo).order_by(Village.moo)))
        households = db.session.scalar(sa.select(sa.func.count()).select_from(Household))
        people = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
        headless = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Household)
            .where(Household.head_person_id.is_(None))
        )
    assert moos == list(range(1, 14))
    assert households == 650
    assert people == 999
    assert headless == 0


def test_every_national_id_is_valid_and_unique(ctx, owner_rows):
    _load(ctx)
    ids = [row.national_id for row in owner_rows(sa.select(Person.national_id))]
    assert len(ids) > 999
    assert all(nid and _check_digit_ok(nid) for nid in ids)
    assert len(set(ids)) == len(ids)


def test_vulnerable_groups_are_present_in_plausible_shares(ctx):
    _load(ctx)
    with tenant_context(_tenant("khok-sai").id):
        people = list(db.session.scalars(sa.select(Person)))
    share = {f: sum(getattr(p, f) for p in people) / len(people)
             for f in ("elderly", "disabled", "bedridden", "chronic_illness", "hardship")}  # fmt: skip
    assert 0.15 <= share["elderly"] <= 0.45
    assert 0.005 <= share["disabled"] <= 0.1
    assert 0.002 <= share["bedridden"] <= 0.05
    assert 0.05 <= share["chronic_illness"] <= 0.35
    assert 0.05 <= share["hardship"] <= 0.3
    assert all(p.elderly == (p.age(REFERENCE_DAY) >= 60) for p in people)
    with_phone = [p for p in people if p.phone]
    assert 0.2 <= len(with_phone) / len(people) <= 0.7
    assert all(p.phone.startswith("+66") and len(p.phone) == 12 for p in with_phone)


def test_city_network_has_thirteen_communities_each_with_a_community(ctx):
    _load(ctx)
    city = _tenant("songkhla-city")
    communities = [c for c in city.children]
    assert len(communities) == 13
    assert {c.kind for c in communities} == {"community"}
    for community in communities:
        with tenant_context(community.id):
            villages = list(db.session.scalars(sa.select(Village)))
            households = db.session.scalar(sa.select(sa.func.count()).select_from(Household))
        assert [v.kind for v in villages] == ["community"]
        assert households > 0
    assert _tenant("songkhla-pgs").kind == "pgs_network"
    assert {c.slug for c in _tenant("phatthalung-network").children} == {
        "khok-sai",
        "pak-phayun",
        "lam-sin",
    }


def test_each_role_has_a_demo_user_with_the_demo_password(ctx):
    _load(ctx)
    khok_sai = _tenant("khok-sai")
    with tenant_context(khok_sai.id):
        memberships = list(
            db.session.scalars(sa.select(Membership).where(Membership.tenant_id == khok_sai.id))
        )
    assert {r for m in memberships for r in m.roles} == set(ALL_ROLES)
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@khoksai.demo"))
    assert check_password_hash(admin.password_hash, DEMO_PASSWORD)
    assert not check_password_hash(admin.password_hash, "wrong")
    for email, slug in (("admin@phatthalung.demo", "phatthalung-network"),
                        ("admin@songkhlapgs.demo", "songkhla-pgs"),
                        ("admin@songkhlacity.demo", "songkhla-city")):  # fmt: skip
        with user_context(None), tenant_context(_tenant(slug).id):
            user = db.session.scalar(sa.select(User).where(User.email == email))
            db.session.refresh(user)
            assert user.membership_in(_tenant(slug).id).roles == ["admin"]


def test_household_user_logs_in_by_phone_and_is_a_registered_person(ctx):
    _load(ctx)
    user = db.session.scalar(sa.select(User).where(User.phone == HOUSEHOLD_PHONE))
    assert user.email == "household@khoksai.demo"
    with tenant_context(_tenant("khok-sai").id):
        person = db.session.scalar(sa.select(Person).where(Person.user_id == user.id))
        assert person is not None and person.household.code == "M01-001"
        assert person.household.head_person_id == person.id


def test_a_missing_household_comes_back_identical(ctx):
    _load(ctx)
    khok_sai = _tenant("khok-sai")
    with tenant_context(khok_sai.id):
        household = db.session.scalar(sa.select(Household).where(Household.code == "M07-021"))
        before = sorted((p.national_id, p.first_name_th, p.birth_date) for p in household.members)
        household.head_person_id = None
        db.session.flush()
        db.session.execute(sa.delete(Person).where(Person.household_id == household.id))
        db.session.delete(household)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Household)) == 649
    assert "(1 new)" in _load(ctx)
    with tenant_context(khok_sai.id):
        again = db.session.scalar(sa.select(Household).where(Household.code == "M07-021"))
        assert (
            sorted((p.national_id, p.first_name_th, p.birth_date) for p in again.members) == before
        )
        assert again.head in again.members


def test_cli_loads_and_reports(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "20 organisations (20 new)" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    assert "20 organisations (0 new)" in second.output


def test_demo_users_log_in_through_the_form(client, ctx):
    _load(ctx)
    by_email = client.post(
        "/login", data={"login": "admin@khoksai.demo", "password": DEMO_PASSWORD}
    )
    assert by_email.status_code == 302
    assert by_email.headers["Location"].endswith("/t/khok-sai/")
    client.post("/logout")
    by_phone = client.post("/login", data={"login": "081 234 5678", "password": DEMO_PASSWORD})
    assert by_phone.status_code == 302
    assert by_phone.headers["Location"].endswith("/t/khok-sai/")
    client.post("/logout")
    wrong = client.post(
        "/login", data={"login": "admin@khoksai.demo", "password": "pansuk-demo-2568"}
    )
    assert wrong.status_code == 422  # the form again, with the error
