"""Every registered URL that takes an id, enumerated from the URL map: a user
of tenant A — holding every role there — asking for tenant B's rows through
tenant A's URLs gets 404, for GET and POST alike. A positive control with
A's own rows proves each URL really finds rows, so a blanket 404 cannot pass.

A new URL parameter that names a table without a row maker here fails the
test: add a maker (or an alias) when you add such a URL."""

from __future__ import annotations

import re

import pytest

from core.db import Base, TenantScoped
from core.tenancy.models import ALL_ROLES

# URL parameter -> table name, where the parameter is not simply "<table>_id".
ALIASES = {
    "flag_id": "duplicate_flag",
    "job_id": "import_job",
    "entry_id": "journal_entry",
    "event_id": "audit_event",
    "token_id": "api_token",
    "invite_id": "claim_invite",
}

ID_PARAM = re.compile(r"<int:(\w+_id)>")


def _tenant_tables() -> dict[str, type]:
    return {
        m.class_.__table__.name: m.class_
        for m in Base.registry.mappers
        if issubclass(m.class_, TenantScoped)
    }


def _id_rules(app):
    for rule in app.url_map.iter_rules():
        params = ID_PARAM.findall(rule.rule)
        if "<slug>" in rule.rule and params:
            yield rule, params


@pytest.fixture
def row_makers(make_household, make_village, make_person):
    """table -> function(tenant) returning the id of a fresh row in it."""
    from core.db import db
    from core.tenancy.context import tenant_context

    def duplicate_flag(tenant):
        from core.registry.models import DuplicateFlag

        p1, p2 = make_person(tenant), make_person(tenant)
        with tenant_context(tenant.id):
            flag = DuplicateFlag(person_id=p1.id, other_person_id=p2.id, reason="phone")
            db.session.add(flag)
            db.session.commit()
            return flag.id

    def audit_event(tenant):
        from core.audit.services import record

        with tenant_context(tenant.id):
            event = record("test.leak", actor_id=None, target_type="village", target_id=1)
            db.session.commit()
            return event.id

    makers = {
        "household": lambda t: make_household(t).id,
        "village": lambda t: make_village(t).id,
        "person": lambda t: make_person(t).id,
        "duplicate_flag": duplicate_flag,
        "audit_event": audit_event,
    }
    return makers


def test_every_id_url_is_scoped_to_its_tenant(app, client, make_tenant, make_member, row_makers):
    tables = _tenant_tables()
    rules = list(_id_rules(app))
    assert rules, "no URLs with ids found"
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    user = make_member(a, *ALL_ROLES)
    client.login(user)

    missing, leaks, checked = [], [], 0
    own_found = 0
    ids: dict[str, tuple[int, int]] = {}
    for rule, params in rules:
        for param in params:
            table = ALIASES.get(param, param[: -len("_id")])
            if table not in tables or table not in row_makers:
                missing.append(f"{rule.rule}: {param} -> {table}")
                continue
            if table not in ids:
                ids[table] = (row_makers[table](a), row_makers[table](b))
        if missing:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            foreign = {p: ids[ALIASES.get(p, p[:-3])][1] for p in params}
            own = {p: ids[ALIASES.get(p, p[:-3])][0] for p in params}
            foreign_url = _build(rule.rule, "tenant-a", foreign)
            own_url = _build(rule.rule, "tenant-a", own)
            send = client.get if method == "GET" else client.post
            status = send(foreign_url).status_code
            checked += 1
            if status != 404:
                leaks.append(f"{method} {foreign_url} -> {status}")
            if method == "GET" and send(own_url).status_code != 404:
                own_found += 1
    assert not missing, "add row makers or aliases for: " + "; ".join(missing)
    assert not leaks, f"{len(leaks)} of {checked} requests reached another tenant's rows: {leaks}"
    assert checked > 0
    get_rules = sum(1 for r, _ in rules if "GET" in r.methods)
    assert own_found == get_rules, "some id URLs 404 even for the tenant's own rows"


def _build(rule: str, slug: str, values: dict[str, int]) -> str:
    url = rule.replace("<slug>", slug)
    for name, value in values.items():
        url = url.replace(f"<int:{name}>", str(value))
    assert "<" not in url, f"unfilled parameter in {url}"
    return url


def test_every_tenant_model_is_invisible_from_another_tenant(ctx, make_tenant, row_makers):
    """For every tenant-scoped model with a maker: tenant A's context cannot
    select or get tenant B's row."""
    import sqlalchemy as sa

    from core.db import db
    from core.tenancy.context import tenant_context

    a, b = make_tenant(), make_tenant()
    tables = _tenant_tables()
    uncovered = sorted(set(tables) - set(row_makers) - set(_EXEMPT_FROM_MAKERS))
    assert not uncovered, f"tenant-scoped tables without a row maker in tests: {uncovered}"
    for table, make in row_makers.items():
        model = tables[table]
        foreign_id = make(b)
        db.session.expunge_all()
        with tenant_context(a.id):
            assert db.session.get(model, foreign_id) is None, table
            assert db.session.scalar(sa.select(model).where(model.id == foreign_id)) is None, table


# Tables whose rows only exist as parts of another row (covered through it).
_EXEMPT_FROM_MAKERS = {"journal_line"}
