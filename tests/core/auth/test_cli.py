"""The way into a new server: ``pansuk users``, ``pansuk members`` and
``pansuk tenants create --admin``, as the operator types them. Each refusal
writes nothing."""

import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from core.audit.models import AuditEvent
from core.auth.models import PasswordCode, User
from core.tenancy.models import Membership, Tenant

CODE = re.compile(r"one-time code for \S+: ([A-Z0-9]{4}-[A-Z0-9]{4})")


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        with app.app_context():  # as the pansuk command's group provides one
            result = runner.invoke(args=list(args), catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return invoke


def code_in(result) -> str:
    match = CODE.search(result.output)
    assert match, result.output
    return match.group(1)


def set_password(client, login, code, password="first pw 123"):
    return client.post("/password/reset", data={"login": login, "code": code, "password": password,
                                                "confirm": password})


def test_first_administrator_from_an_empty_server_to_a_log_in(run, client, owner_rows, ctx):
    html = client.get("/").get_data(as_text=True)
    assert "pansuk tenants create" in html and "pansuk users create" in html
    assert "demo load" not in html  # the empty site no longer offers the demo
    created = run("tenants", "create", "--slug", "khok-sai", "--name-th", "สภาองค์กรชุมชนตำบลโคกสาย",
                  "--kind", "council", "--admin", "somchai@example.org", "--admin-name", "สมชาย")
    assert created.exit_code == 0, created.output
    code = code_in(created)
    assert "/password/reset?code=" in created.output
    (user,) = owner_rows(sa.select(User))
    assert user.password_hash is None and user.display_name == "สมชาย"
    (m,) = owner_rows(sa.select(Membership))
    assert m.roles == ["admin"] and m.user_id == user.id
    (row,) = owner_rows(sa.select(PasswordCode))
    assert row.purpose == "set" and code.replace("-", "") not in row.code_hash
    assert set_password(client, "somchai@example.org", code).status_code == 302
    login = client.post("/login", data={"login": "somchai@example.org", "password": "first pw 123"})
    assert login.status_code == 302 and "/t/khok-sai" in login.headers["Location"]
    assert client.get("/t/khok-sai/members").status_code == 200


def test_users_create_with_a_thai_phone_and_grant_roles(run, owner_rows):
    run("tenants", "create", "--slug", "t1", "--name-th", "หนึ่ง", "--kind", "council")
    result = run("users", "create", "081-234-5678", "--name", "สมหญิง", "--tenant", "t1",
                 "--role", "staff", "--role", "volunteer")
    assert result.exit_code == 0, result.output
    code_in(result)
    (user,) = owner_rows(sa.select(User))
    assert user.phone == "+66812345678" and user.email is None
    (m,) = owner_rows(sa.select(Membership))
    assert m.roles == ["staff", "volunteer"]
    granted = run("members", "grant", "0812345678", "--tenant", "t1", "--role", "admin")
    assert granted.exit_code == 0 and "admin" in granted.output
    (m,) = owner_rows(sa.select(Membership))
    assert m.roles == ["admin", "staff", "volunteer"]
    actions = {e.action for e in owner_rows(sa.select(AuditEvent))}
    assert "membership.grant" in actions and "auth.password_code.issue" in actions


def test_revoke_never_leaves_an_organisation_without_an_administrator(run, owner_rows):
    run("tenants", "create", "--slug", "t1", "--name-th", "หนึ่ง", "--kind", "council",
        "--admin", "a@example.org")
    result = run("members", "revoke", "a@example.org", "--tenant", "t1")
    assert result.exit_code != 0 and "at least one administrator" in result.output
    (m,) = owner_rows(sa.select(Membership))
    assert m.active and m.roles == ["admin"]
    run("users", "create", "b@example.org", "--name", "B", "--tenant", "t1")
    assert run("members", "revoke", "a@example.org", "--tenant", "t1").exit_code == 0
    active = owner_rows(sa.select(Membership).where(Membership.active.is_(True)))
    assert [r.user_id for r in active] == [r.id for r in owner_rows(
        sa.select(User).where(User.email == "b@example.org"))]


def test_reset_password_prints_a_new_code_and_the_old_one_stops(run, client, make_user, ctx):
    user = make_user(email="x@example.org", password="old password 1")
    first = code_in(run("users", "reset-password", "x@example.org"))
    second = code_in(run("users", "reset-password", "X@Example.org"))
    assert set_password(client, "x@example.org", first).status_code == 422
    assert set_password(client, "x@example.org", second).status_code == 302
    ctx.expire_all()
    assert check_password_hash(ctx.get(User, user.id).password_hash, "first pw 123")


def test_deactivate_ends_sessions_and_codes(run, client, make_client, make_tenant, make_member, ctx):
    tenant = make_tenant(slug="t1")
    make_member(tenant, "admin")
    user = make_member(tenant, "staff", email="gone@example.org")
    code = code_in(run("users", "reset-password", "gone@example.org"))
    browser = make_client().login(user)
    assert browser.get("/me/tenants").status_code == 200
    result = run("users", "deactivate", "gone@example.org")
    assert result.exit_code == 0 and "1 sessions ended" in result.output
    assert browser.get("/me/tenants").status_code == 302
    assert set_password(client, "gone@example.org", code).status_code == 422
    refused = run("users", "reset-password", "gone@example.org")
    assert refused.exit_code != 0 and "deactivated" in refused.output


@pytest.mark.parametrize("args, says", [
    (("users", "create", "not-a-phone", "--name", "X"), "valid phone number"),
    (("users", "create", "a@example.org", "--name", "  "), "name"),
    (("users", "create", "a@example.org", "--name", "X", "--tenant", "nowhere"), "no organisation"),
    (("users", "create", "a@example.org", "--name", "X", "--role", "admin"), "--role needs --tenant"),
    (("users", "reset-password", "nobody@example.org"), "No account"),
    (("members", "grant", "nobody@example.org", "--tenant", "t1", "--role", "admin"), "No account"),
    (("members", "grant", "a@example.org", "--tenant", "t1", "--role", "king"), "king"),
    (("tenants", "create", "--slug", "t2", "--name-th", "สอง", "--kind", "council", "--admin", "0000"),
     "valid phone number"),
])
def test_bad_input_is_explained_and_nothing_is_written(run, owner_rows, args, says):
    run("tenants", "create", "--slug", "t1", "--name-th", "หนึ่ง", "--kind", "council")
    users_before = len(owner_rows(sa.select(User)))
    result = run(*args)
    assert result.exit_code != 0 and says in result.output, result.output
    assert len(owner_rows(sa.select(User))) == users_before
    assert [t.slug for t in owner_rows(sa.select(Tenant))] == ["t1"]
    assert owner_rows(sa.select(Membership)) == [] and owner_rows(sa.select(PasswordCode)) == []


def test_creating_an_existing_account_twice_is_refused(run, make_user, owner_rows):
    make_user(email="a@example.org")
    result = run("users", "create", "a@example.org", "--name", "A")
    assert result.exit_code != 0 and "already exists" in result.output
    assert owner_rows(sa.select(PasswordCode)) == []
