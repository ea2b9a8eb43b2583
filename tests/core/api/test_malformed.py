"""Malformed requests to the JSON API — a body that is not JSON, not an
object, not UTF-8, nested past reason, the wrong content type, an upload with
no file — get a clear 4xx in the error envelope, never a 500, and write
nothing."""

from __future__ import annotations

import re

import pytest

from core.tenancy.models import ALL_ROLES

SLUG = "malformed"
# Not a body at all for a JSON operation: one whose body is all optional may
# take it as absent and succeed; the others say what is missing.
ABSENT = {"form to a JSON operation", "plain text", "empty JSON"}
BODIES = {
    "broken JSON": (b'{"amount": ', "application/json"),
    "a JSON array": (b"[1, 2, 3]", "application/json"),
    "a JSON string": (b'"hello"', "application/json"),
    "not UTF-8": (b'{"name": "\xff\xfe\xfa"}', "application/json"),
    "nested past reason": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "NaN and infinity": (b'{"amount": NaN, "quantity": Infinity, "id": 1e400}', "application/json"),
    "form to a JSON operation": (b"amount=1&reason=x", "application/x-www-form-urlencoded"),
    "plain text": (b"hello", "text/plain"),
    "empty JSON": (b"", "application/json"),
}
PARAM = re.compile(r"<(?:int:)?(\w+)>")


@pytest.fixture
def bearer(make_tenant, make_member, make_household):
    from core.auth.tokens import create_token
    from core.db import db
    from core.tenancy.context import tenant_context

    tenant = make_tenant(slug=SLUG)
    make_household(tenant, members=1)
    user = make_member(tenant, *ALL_ROLES)
    with tenant_context(tenant.id):
        _row, plain = create_token(user, tenant, "malformed")
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def _writes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/t/<slug>"):
            for method in {"POST", "PUT", "PATCH"} & rule.methods:
                yield method, PARAM.sub(lambda m: SLUG if m.group(1) == "slug" else "1", rule.rule)


def _envelope_ok(response) -> bool:
    error = (response.get_json(silent=True) or {}).get("error") or {}
    return (
        isinstance(error.get("code"), str) and error.get("message")
        and error.get("status") == response.status_code
    )


@pytest.mark.parametrize("name", list(BODIES))
def test_every_write_answers_a_malformed_body_with_a_4xx_envelope(app, make_client, bearer, name):
    data, content_type = BODIES[name]
    client = make_client()
    bad = []
    for method, url in _writes(app):
        response = client.open(url, method=method, data=data, content_type=content_type,
                               headers=bearer)  # fmt: skip
        refused = 400 <= response.status_code < 500 and _envelope_ok(response)
        if not refused and not (name in ABSENT and response.status_code < 300):
            bad.append(f"{method} {url} -> {response.status_code} {response.get_data()[:120]!r}")
    assert not bad, f"{name}: " + "\n".join(bad)


def test_broken_json_says_so_in_the_callers_language(make_client, bearer):
    client = make_client()
    url = f"/api/v1/t/{SLUG}/registry/households"
    for lang, text in (("th", "เนื้อหา JSON ไม่ถูกต้อง"), ("en", "Invalid JSON body.")):
        response = client.post(url, data=b"{", content_type="application/json", csrf=False,
                               headers={**bearer, "Accept-Language": lang})  # fmt: skip
        assert response.status_code == 400
        assert response.json["error"]["fields"] == {"json": [text]}


def test_an_upload_without_its_file_is_422_naming_the_field(make_client, bearer):
    client = make_client()
    response = client.post(f"/api/v1/t/{SLUG}/documents", data={"kind": "receipt"}, csrf=False,
                           content_type="multipart/form-data", headers=bearer)  # fmt: skip
    assert response.status_code == 422
    assert "file" in response.json["error"]["fields"]["files"]
