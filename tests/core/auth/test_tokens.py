"""API tokens: hashed at rest, one tenant only, revocable; GET /api/v1/me."""

import re

import sqlalchemy as sa

from core.auth.models import ApiToken
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TOKEN = re.compile(r'data-test="new-token">(psk_[A-Za-z0-9_-]+)<')


def new_token(client, slug="t1", name="ระบบบัญชี") -> str:
    response = client.post(f"/t/{slug}/api-tokens", data={"name": name})
    assert response.status_code == 200
    return TOKEN.search(response.get_data(as_text=True)).group(1)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def setup(client, make_tenant, make_member, role="staff"):
    tenant = make_tenant(slug="t1")
    other = make_tenant(slug="t2")
    user = make_member(tenant, role, phone="+66812345678")
    make_member(other, "admin", user=user)
    client.login(user)
    return tenant, other, user


def test_token_is_shown_once_and_stored_only_hashed(client, make_tenant, make_member, ctx, owner_rows):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    (row,) = owner_rows(sa.select(ApiToken))
    assert row.token_hash != token and len(row.token_hash) == 64
    assert row.prefix == token[:8]
    listing = client.get("/t/t1/api-tokens").get_data(as_text=True)
    assert token not in listing and row.prefix in listing


def test_token_acts_in_its_tenant_only_and_carries_no_session(
    client, make_client, make_tenant, make_member, ctx, owner_rows):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    api = make_client()
    response = api.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 200
    body = response.json
    assert [m["tenant"] for m in body["memberships"]] == ["t1"]  # the token's tenant only
    assert body["phone"].endswith("5678") and "812345" not in body["phone"]
    assert "Set-Cookie" not in response.headers
    # pages are for sessions: a token opens no page, not even in its own tenant
    assert api.get("/t/t1/api-tokens", headers=bearer(token)).status_code == 302
    assert api.get("/t/t2/members", headers=bearer(token)).status_code == 302
    assert owner_rows(sa.select(ApiToken.last_used_at))[0].last_used_at is not None


def test_revoked_token_is_401(client, make_client, make_tenant, make_member, ctx, owner_rows):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    token_id = owner_rows(sa.select(ApiToken.id))[0].id
    assert client.post(f"/t/t1/api-tokens/{token_id}/revoke").status_code == 302
    response = make_client().get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorised"


def test_token_stops_when_membership_ends(client, make_client, make_tenant, make_member, ctx):
    tenant, _other, user = setup(client, make_tenant, make_member)
    token = new_token(client)
    from core.tenancy.models import Membership

    with tenant_context(tenant.id):
        ctx.execute(sa.update(Membership).where(Membership.tenant_id == tenant.id).values(active=False))
    ctx.commit()
    assert make_client().get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_unknown_or_malformed_tokens_are_401(make_client):
    api = make_client()
    for header in ("Bearer psk_nope", "Bearer ", "Basic abc", "Bearer " + "x" * 40):
        response = api.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
    assert api.get("/api/v1/me").json["error"]["code"] == "unauthorised"


def test_session_caller_sees_all_their_memberships(client, make_tenant, make_member):
    setup(client, make_tenant, make_member)
    body = client.get("/api/v1/me").json
    assert sorted(m["tenant"] for m in body["memberships"]) == ["t1", "t2"]


def test_only_own_tokens_can_be_revoked(client, make_client, make_tenant, make_member, ctx, owner_rows):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    token_id = owner_rows(sa.select(ApiToken.id))[0].id
    tenant = ctx.scalar(sa.select(Tenant).filter_by(slug="t1"))
    intruder = make_client().login(make_member(tenant, "staff"))
    assert intruder.post(f"/t/t1/api-tokens/{token_id}/revoke").status_code == 404
    assert make_client().get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_token_page_needs_permission(client, make_tenant, make_member):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, "household"))
    assert client.get("/t/t1/api-tokens").status_code == 403
    assert client.post("/t/t1/api-tokens", data={"name": "x"}).status_code == 403


def test_token_does_not_pass_a_page_form_without_csrf(
    client, make_client, make_tenant, make_member, ctx, owner_rows):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    response = make_client().post(
        "/t/t1/api-tokens", data={"name": "via token"}, headers=bearer(token), csrf=False
    )
    assert response.status_code == 400
    assert len(owner_rows(sa.select(ApiToken.id))) == 1


def test_token_works_on_its_tenants_api_and_is_403_on_another(
    client, make_client, make_tenant, make_member
):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    api = make_client()
    mine = api.get("/api/v1/me/tenants/t1", headers=bearer(token))
    assert mine.status_code == 200
    assert mine.json["roles"] == ["staff"] and "members.manage" not in mine.json["permissions"]
    other = api.get(
        "/api/v1/me/tenants/t2", headers=bearer(token)
    )  # admin there, but not by this token
    assert other.status_code == 403 and other.json["error"]["code"] == "forbidden"
    assert (
        "members.manage" in client.get("/api/v1/me/tenants/t2").json["permissions"]
    )  # the session may
    assert api.get("/api/v1/me/tenants/t1").status_code == 401
