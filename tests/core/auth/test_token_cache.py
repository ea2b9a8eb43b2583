"""A worker remembers which tenant and user a token names, never whether it
may still act: a token revoked, a membership ended or a user deactivated
elsewhere (another server, the owner's console) is refused on the very next
request to a worker that has just served the token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.auth.models import ApiToken, User
from core.tenancy.models import Membership
from tests.core.auth.test_tokens import bearer, new_token, setup

CHANGES = {
    "token revoked": sa.update(ApiToken).values(revoked_at=sa.func.now()),
    "membership ended": sa.update(Membership).values(active=False),
    "user deactivated": sa.update(User).values(active=False),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_refused_on_the_next_request_after_a_change_made_elsewhere(
    change, client, make_client, make_tenant, make_member, owner_engine
):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    api = make_client()
    for _ in range(2):  # the second from what the worker remembers
        assert api.get("/api/v1/me/tenants/t1", headers=bearer(token)).status_code == 200
    with owner_engine.begin() as conn:  # another process, outside this app
        conn.execute(CHANGES[change])
    response = api.get("/api/v1/me/tenants/t1", headers=bearer(token))
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorised"


def test_a_remembered_token_acts_in_its_tenant_only(client, make_client, make_tenant, make_member):
    setup(client, make_tenant, make_member)
    token = new_token(client)
    api = make_client()
    assert api.get("/api/v1/me/tenants/t1", headers=bearer(token)).status_code == 200
    other = api.get("/api/v1/me/tenants/t2", headers=bearer(token))  # admin there, not by this token
    assert other.status_code == 403
    assert [m["tenant"] for m in api.get("/api/v1/me", headers=bearer(token)).json["memberships"]] == ["t1"]


def test_a_token_costs_one_statement_once_its_owner_is_known(
    client, make_client, make_tenant, make_member
):
    from sqlalchemy import event

    from core.db import db

    setup(client, make_tenant, make_member)
    token = new_token(client)
    api = make_client()
    api.get("/api/v1/me/tenants/t1", headers=bearer(token))  # learns the owner
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert api.get("/api/v1/me/tenants/t1", headers=bearer(token)).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    touching = [s for s in seen if "api_token" in s or "user_account" in s or "membership" in s]
    assert len(touching) == 1, touching
