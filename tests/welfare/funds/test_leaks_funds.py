"""The tenancy leak check, run on the funds part's own URLs alone (so it is
not blocked by other parts still adding their row makers): another tenant's
ids are 404 for GET and POST, and the tenant's own rows are found."""

from __future__ import annotations

import re

from core.tenancy.models import ALL_ROLES
from tests.core.tenancy.test_leaks import ALIASES, _build, _tenant_tables, row_makers  # noqa: F401

ID_PARAM = re.compile(r"<int:(\w+_id)>")
MINE = re.compile(r"^(welfare|welfare_funds_api|welfare_public)\.")


def _mine(rule) -> bool:
    return bool(MINE.match(rule.endpoint)) and "/welfare/loans" not in rule.rule


def test_funds_urls_are_scoped_to_their_tenant(app, client, make_tenant, make_member, row_makers):  # noqa: F811
    tables = _tenant_tables()
    rules = [(r, ID_PARAM.findall(r.rule)) for r in app.url_map.iter_rules()
             if _mine(r) and "<slug>" in r.rule and ID_PARAM.search(r.rule)]
    assert len(rules) > 30
    a, b = make_tenant(slug="tenant-a"), make_tenant(slug="tenant-b")
    client.login(make_member(a, *ALL_ROLES))
    ids: dict[str, tuple[int, int]] = {}
    leaks, missed = [], []
    for rule, params in rules:
        for param in params:
            table = ALIASES.get(param, param[:-3])
            assert table in tables, table
            if table not in ids:
                ids[table] = (row_makers[table](a), row_makers[table](b))
        for method in sorted(rule.methods & {"GET", "POST"}):
            send = client.get if method == "GET" else client.post
            foreign = _build(rule.rule, "tenant-a", {p: ids[ALIASES.get(p, p[:-3])][1] for p in params})
            if send(foreign).status_code != 404:
                leaks.append(f"{method} {foreign}")
            if method == "GET":
                own = _build(rule.rule, "tenant-a", {p: ids[ALIASES.get(p, p[:-3])][0] for p in params})
                if send(own).status_code == 404:
                    missed.append(own)
    assert not leaks, leaks
    assert not missed, missed
