"""The one pager of the JSON API (core.api.paging): limits out of bounds are
refused with the error envelope in the caller's language, a page past the
end is empty with the true total, and every row is reachable — including
loans past the 500 the list used to stop at."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.api.paging import MAX_LIMIT, paginate
from core.db import db
from core.registry.models import Household
from core.tenancy.context import tenant_context

API = "/api/v1/t/pager/registry"


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(slug="pager")


@pytest.fixture
def client_of(client, make_member, tenant):
    client.login(make_member(tenant, "staff"))
    return client


def _links(response) -> dict[str, int]:
    found = re.findall(r'<([^>]*)>; rel="(\w+)"', response.headers.get("Link", ""))
    return {rel: int(re.search(r"[?&]page=(\d+)", url).group(1)) for url, rel in found}


def test_pages_walk_every_row_once_with_the_total_and_links(client_of, tenant, make_household):
    codes = sorted(make_household(tenant, code=f"H{i:02d}", members=0).code for i in range(7))
    seen, page = [], 1
    while True:
        r = client_of.get(f"{API}/households?limit=3&page={page}&q=H")
        assert r.status_code == 200
        assert r.headers["X-Total-Count"] == "7"
        assert (r.json["total"], r.json["pages"], r.json["limit"], r.json["page"]) == (7, 3, 3, page)
        seen += [h["code"] for h in r.json["items"]]
        links = _links(r)
        assert links["first"] == 1 and links["last"] == 3
        if "next" not in links:
            assert r.json["more"] is False
            break
        assert r.json["more"] is True and links["next"] == page + 1
        assert "q=H" in r.headers["Link"]  # the other arguments are kept
        page = links["next"]
    assert seen == codes and page == 3


def test_a_page_past_the_end_is_empty_and_keeps_the_total(client_of, tenant, make_household):
    for i in range(2):
        make_household(tenant, code=f"P{i}", members=0)
    r = client_of.get(f"{API}/households?limit=1&page=9")
    assert r.status_code == 200
    assert r.json["items"] == [] and r.json["total"] == 2 and r.headers["X-Total-Count"] == "2"
    assert _links(r) == {"first": 1, "last": 2, "prev": 2}


@pytest.mark.parametrize("query", ["limit=0", f"limit={MAX_LIMIT + 1}", "limit=-5", "limit=abc",
                                   "page=0", "page=1e3", "page=99999999999"])  # fmt: skip
def test_limits_out_of_bounds_are_422_in_the_envelope(client_of, query):
    r = client_of.get(f"{API}/persons?{query}")
    assert r.status_code == 422
    error = r.json["error"]
    assert (error["code"], error["status"]) == ("invalid", 422)
    field = query.split("=")[0]
    assert list(error["fields"]["query"]) == [field] and error["fields"]["query"][field][0]


def test_the_largest_limit_is_accepted(client_of):
    r = client_of.get(f"{API}/persons?limit={MAX_LIMIT}")
    assert r.status_code == 200 and r.json["limit"] == MAX_LIMIT


def test_field_messages_follow_the_callers_language(client_of):
    th = client_of.get(f"{API}/persons?limit=0", headers={"Accept-Language": "th"}).json["error"]
    en = client_of.get(f"{API}/persons?limit=0", headers={"Accept-Language": "en"}).json["error"]
    assert th["fields"]["query"]["limit"] == ["ต้องอยู่ระหว่าง 1 ถึง 100"]
    assert en["fields"]["query"]["limit"] == ["Must be from 1 to 100."]
    assert th["message"] != en["message"]
    typed = client_of.get(f"{API}/persons?page=x", headers={"Accept-Language": "th"}).json["error"]
    assert typed["fields"]["query"]["page"] == ["ต้องเป็นจำนวนเต็ม"]


def test_paginate_counts_in_the_database_and_in_memory(ctx, tenant, make_household):
    for i in range(5):
        make_household(tenant, code=f"M{i}", members=0)
    with tenant_context(tenant.id):
        page = paginate(sa.select(Household).order_by(Household.code), page=2, limit=2)
        assert ([h.code for h in page.items], page.total, page.pages, page.has_next) == (
            ["M2", "M3"], 5, 3, True)  # fmt: skip
        last = paginate(sa.select(Household.code, Household.id).order_by(Household.code), 3, 2)
        assert [row.code for row in last.items] == ["M4"] and not last.has_next
        db.session.rollback()
    listed = paginate(list("abcde"), page=3, limit=2)
    assert (listed.items, listed.total, listed.pages) == (["e"], 5, 3)
    assert paginate([], page=1, limit=10).pages == 1
