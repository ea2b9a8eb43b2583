"""The tenancy leak checks of tests/core/tenancy/test_leaks.py, run for the
stock side of market only (its tables and its id URLs), so they can be run
on their own."""

from __future__ import annotations

import re
from types import SimpleNamespace

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import ALL_ROLES
from tests.market import leak_makers_stock

MY_MODULES = (
    "market.catalog",
    "market.stock",
    "market.donations",
    "market.exchange",
    "market.network",
)
ID_PARAM = re.compile(r"<int:(\w+_id)>")


def _helpers(make_household):
    def commit_in(tenant, obj):
        with tenant_context(tenant.id):
            db.session.add(obj)
            db.session.commit()
            return obj.id

    return SimpleNamespace(commit_in=commit_in, make_household=make_household)


def _tables():
    from core.db import Base, TenantScoped

    return {
        m.class_.__table__.name: m.class_
        for m in Base.registry.mappers
        if issubclass(m.class_, TenantScoped)
    }


def test_every_stock_side_row_is_invisible_from_another_tenant(ctx, make_tenant, make_household):
    makers = leak_makers_stock.makers(_helpers(make_household))
    tables = _tables()
    mine = {
        name
        for name in tables
        if name.startswith("market_")
        and tables[name].__module__.startswith(
            (
                "market.models.catalog",
                "market.models.stock",
                "market.models.donations",
                "market.models.exchange",
            )
        )
    }
    assert mine <= set(makers), sorted(mine - set(makers))
    a, b = make_tenant(), make_tenant()
    b_id, a_id = b.id, a.id
    for table, make in makers.items():
        model = tables[table]
        foreign_id = make(SimpleNamespace(id=b_id))
        db.session.expunge_all()
        with tenant_context(a_id):
            assert db.session.get(model, foreign_id) is None, table
            assert db.session.scalar(sa.select(model).where(model.id == foreign_id)) is None, table


def test_every_stock_side_id_url_is_scoped(app, client, make_tenant, make_member, make_household):
    rules = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        module = getattr(view, "__module__", "") or ""
        if "<slug>" in rule.rule and ID_PARAM.search(rule.rule) and module.startswith(MY_MODULES):
            rules.append(rule)
    assert len(rules) >= 10
    makers = leak_makers_stock.makers(_helpers(make_household))
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    client.login(make_member(a, *ALL_ROLES))
    ids: dict[str, tuple[int, int]] = {}
    leaks, own_missing = [], []
    for rule in rules:
        params = ID_PARAM.findall(rule.rule)
        for param in params:
            table = leak_makers_stock.ALIASES.get(param, param[:-3])
            if table not in ids:
                ids[table] = (makers[table](a), makers[table](b))
        for method in sorted(rule.methods & {"GET", "POST"}):
            url = rule.rule.replace("<slug>", "tenant-a")
            own = url
            for param in params:
                table = leak_makers_stock.ALIASES.get(param, param[:-3])
                url = url.replace(f"<int:{param}>", str(ids[table][1]))
                own = own.replace(f"<int:{param}>", str(ids[table][0]))
            send = client.get if method == "GET" else client.post
            status = send(url).status_code
            if status != 404:
                leaks.append(f"{method} {url} -> {status}")
            if method == "GET" and send(own).status_code == 404:
                own_missing.append(own)
    assert not leaks, leaks
    assert not own_missing, own_missing
