"""The tenant a slug names, an API token's owner and a logged-in user's
session are kept per worker: a repeated call reads none of them, yet a token
revoked, a role taken away, a user switched off or a tenant switched off is
refused on the very next call in every worker (log-in sessions ending:
tests/core/auth/test_sessions.py runs with and without the cache)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core import identity_cache, versions
from core.auth.models import ApiToken, User
from core.db import db
from core.tenancy.context import tenant_context, user_context
from core.tenancy.models import Membership, Tenant
from tests.core.auth.test_tokens import bearer, new_token, setup
from tests.fake_redis import versions_client
from tests.statements import counted

_READS = re.compile(r"\b(?:FROM|JOIN)\s+\"?(tenant|api_token|user_account|membership|user_session)\b", re.I)


@pytest.fixture
def workers(app, monkeypatch):
    """Versions shared as between workers; ``worker(n)`` switches to the
    entries of worker ``n``."""
    client = versions_client("pansuk:identity")
    monkeypatch.setitem(app.extensions, "versions", {"client": client})
    held = [versions.Entries(identity_cache.TTL_SECONDS, 100), versions.Entries(identity_cache.TTL_SECONDS, 100)]
    state = {"entries": held[0]}
    monkeypatch.setitem(app.extensions, "identity_cache", state)

    def worker(n: int) -> None:
        state["entries"] = held[n]

    yield worker
    client.close()


def _identity_reads(statements: list[str]) -> list[str]:
    return [t for s in statements for t in _READS.findall(s)]


def _token(client, make_tenant, make_member, role="staff"):
    tenant, _other, user = setup(client, make_tenant, make_member, role)
    return tenant, user, new_token(client)


def test_a_repeated_call_reads_no_tenant_token_or_user(client, make_client, make_tenant, make_member, workers):
    _tenant, _user, token = _token(client, make_tenant, make_member)
    api = make_client()
    url = "/api/v1/t/t1/market/rounds"
    with counted() as first:
        assert api.get(url, headers=bearer(token)).status_code == 200
    with counted() as again:
        assert api.get(url, headers=bearer(token)).status_code == 200
    assert {"tenant", "api_token"} <= set(_identity_reads(first))
    assert _identity_reads(again) == []


def test_without_redis_nothing_is_kept(client, make_client, make_tenant, make_member, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "versions", {"client": None})
    _tenant, _user, token = _token(client, make_tenant, make_member)
    api = make_client()
    for _ in range(2):
        with counted() as seen:
            assert api.get("/api/v1/t/t1/market/rounds", headers=bearer(token)).status_code == 200
        assert {"tenant", "api_token"} <= set(_identity_reads(seen))


def test_revoked_token_is_refused_next_call_in_every_worker(
    client, make_client, make_tenant, make_member, owner_rows, workers
):
    _tenant, _user, token = _token(client, make_tenant, make_member)
    api = make_client()
    for n in (0, 1):  # both workers hold the token
        workers(n)
        assert api.get("/api/v1/me", headers=bearer(token)).status_code == 200
    token_id = owner_rows(sa.select(ApiToken.id))[0].id
    workers(0)
    assert client.post(f"/t/t1/api-tokens/{token_id}/revoke").status_code == 302
    for n in (0, 1):
        workers(n)
        response = api.get("/api/v1/me", headers=bearer(token))
        assert response.status_code == 401 and response.json["error"]["code"] == "unauthorised"


def test_role_taken_away_is_refused_next_call(
    client, make_client, make_tenant, make_member, ctx, workers
):
    tenant, user, token = _token(client, make_tenant, make_member)
    api = make_client()
    url = "/api/v1/t/t1/market/rounds"
    assert api.get(url, headers=bearer(token)).status_code == 200
    with tenant_context(tenant.id):
        membership = ctx.scalar(sa.select(Membership).where(Membership.user_id == user.id))
        membership.roles = ["producer"]
        ctx.commit()
    assert api.get(url, headers=bearer(token)).status_code == 403


def test_user_switched_off_is_refused_next_call(client, make_client, make_tenant, make_member, ctx, workers):
    _tenant, user, token = _token(client, make_tenant, make_member)
    api = make_client()
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 200
    ctx.get(User, user.id).active = False
    ctx.commit()
    assert api.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_tenant_switched_off_is_404_next_call(client, make_client, make_tenant, make_member, ctx, workers):
    tenant, _user, token = _token(client, make_tenant, make_member)
    api = make_client()
    url = "/api/v1/t/t1/market/rounds"
    assert api.get(url, headers=bearer(token)).status_code == 200
    ctx.get(Tenant, tenant.id).active = False
    ctx.commit()
    assert api.get(url, headers=bearer(token)).status_code == 404


def test_a_change_rolled_back_keeps_the_entries(client, make_client, make_tenant, make_member, ctx, workers):
    tenant, _user, token = _token(client, make_tenant, make_member)
    api = make_client()
    url = "/api/v1/t/t1/market/rounds"
    assert api.get(url, headers=bearer(token)).status_code == 200
    ctx.get(Tenant, tenant.id).name_en = "Renamed, then not"
    ctx.flush()
    ctx.rollback()
    with counted() as again:
        assert api.get(url, headers=bearer(token)).status_code == 200
    assert _identity_reads(again) == []


def test_what_a_request_does_to_its_copy_stays_in_that_request(
    client, make_client, make_tenant, make_member, workers, app
):
    from core.auth.tokens import token_from_header
    from core.tenancy.web import _tenant

    _tenant_row, _user, token = _token(client, make_tenant, make_member)
    url = "/api/v1/t/t1/market/rounds"
    assert make_client().get(url, headers=bearer(token)).status_code == 200  # kept
    with app.test_request_context(url):
        tenant, (_, user) = _tenant("t1"), token_from_header(f"Bearer {token}")
        tenant.name_en = "changed in memory only"  # never flushed
        user.memberships[0].roles.append("admin")  # in place, never flushed
        db.session.remove()  # as at the end of a request
    with app.test_request_context(url):
        again, (_, user_again) = _tenant("t1"), token_from_header(f"Bearer {token}")
        assert again is not tenant and again.name_en != "changed in memory only"
        assert user_again is not user and user_again.memberships[0].roles == ["staff"]


def test_a_members_repeated_page_reads_no_user_session_or_membership(
    client, make_client, make_tenant, make_member, workers
):
    tenant = make_tenant(slug="t1")
    user = make_member(tenant, "staff")
    browser = make_client().login(user)
    with counted() as first:
        assert browser.get("/t/t1/").status_code == 200
    with counted() as again:
        assert browser.get("/t/t1/").status_code == 200
    assert {"user_account", "user_session"} <= set(_identity_reads(first))
    assert _identity_reads(again) == []


def test_a_refusal_page_reads_neither_the_user_nor_the_tenant_again(client, make_tenant, make_member):
    """A refusal rolls the request's work back, which expires every row the
    session holds; the error page then shows the user, in their language,
    and the tenant: from what was loaded, not from a second read."""
    make_tenant(slug="t1")
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "t1"))
    client.login(make_member(tenant, "staff"))
    for url in ("/t/t1/welfare/loans/999999", "/api/v1/t/t1/market/rounds/999999"):
        with counted() as seen:
            assert client.get(url).status_code == 404
        reads = _identity_reads(seen)
        assert reads.count("user_account") <= 1 and reads.count("tenant") <= 1, seen


def test_a_row_the_transaction_changed_is_read_again_after_the_rollback(ctx, make_tenant, make_member):
    user_id = make_member(make_tenant(), "staff").id
    with user_context(user_id):
        user = db.session.get(User, user_id)
        name = user.display_name
        user.display_name = "changed, never committed"
        with identity_cache.kept_through_rollback(db.session()):
            db.session.rollback()
        assert user.display_name == name, "a row changed in memory: read again"
        db.session.execute(sa.update(User).where(User.id == user_id).values(display_name="written, rolled back"))
        assert user.display_name == "written, rolled back"
        with identity_cache.kept_through_rollback(db.session()):
            db.session.rollback()
        assert user.display_name == name, "a row written by a statement: read again"
        db.session.rollback()
