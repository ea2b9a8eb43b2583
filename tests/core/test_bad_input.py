"""User input never produces a 500: every page and form of a tenant, visited
by a user holding every role, with junk in the query string and the body."""

from __future__ import annotations

import re

import pytest

from core.tenancy.models import ALL_ROLES

JUNK_QUERY = {
    "page": "-1", "per_page": "999999999", "q": "' OR 1=1 --\x00", "village": "abc", "village_id": "1e9",
    "from": "99999-99-99", "to": "31/02/2569", "status": "{{7*7}}", "action": "\u200b" * 50,
    "actor": "x" * 5000, "target_id": "-0", "flag": "nope", "lang": "xx",
}
JUNK_FORM = {
    "national_id": "1234567890123", "phone": "+66 0000", "birth_date": "2569-13-45", "amount": "1e309",
    "name_th": "\u202e" + "ก" * 3000, "code": "", "moo": "-5", "roles": "god", "login": "x",
    "password": "x", "entry_date": "0000-00-00", "through": "tomorrow", "reason": "", "memo": "{{ config }}",
}
INT_PARAM = re.compile(r"<int:\w+>")


@pytest.fixture
def loaded(client, make_tenant, make_member, make_household):
    tenant = make_tenant(slug="junk")
    make_household(tenant, members=2)
    client.login(make_member(tenant, *ALL_ROLES))
    return client


def _tenant_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/t/<slug>", "/api/v1/t/<slug>")):
            yield rule


def test_no_page_or_form_answers_junk_with_a_server_error(app, loaded):
    failures = []
    for rule in _tenant_rules(app):
        url = INT_PARAM.sub("1", rule.rule).replace("<slug>", "junk")
        if "<" in url:
            continue
        if "GET" in rule.methods:
            response = loaded.get(url, query_string=JUNK_QUERY)
            if response.status_code >= 500:
                failures.append(f"GET {url} -> {response.status_code}")
        if "POST" in rule.methods:
            response = loaded.post(url, data=JUNK_FORM)
            if response.status_code >= 500:
                failures.append(f"POST {url} -> {response.status_code}")
            response = loaded.post(url, json={"junk": [1, {"a": None}], "amount": "NaN"})
            if response.status_code >= 500:
                failures.append(f"POST json {url} -> {response.status_code}")
    assert not failures, failures


def test_public_pages_answer_junk_without_a_server_error(client):
    for url in ("/", "/login", "/register", "/claim", "/healthz", "/t/%00/", "/t/" + "a" * 300 + "/"):
        assert client.get(url, query_string=JUNK_QUERY).status_code < 500, url
    for url in ("/login", "/register", "/claim"):
        assert client.post(url, data=JUNK_FORM).status_code < 500, url
