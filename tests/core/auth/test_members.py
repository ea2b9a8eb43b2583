"""Members of a tenant: permissions, adding, roles, the last-admin rule, audit."""

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership
from tests.race import browsers, together


def membership(ctx, user, tenant):
    ctx.expire_all()
    with tenant_context(tenant.id):  # row-level security shows a membership to its tenant
        return ctx.scalar(sa.select(Membership).filter_by(user_id=user.id, tenant_id=tenant.id))


@pytest.mark.parametrize("role", ["staff", "household", "auditor"])
def test_members_page_is_for_admins_only(client, make_tenant, make_member, role):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, role))
    assert client.get("/t/t1/members").status_code == 403
    assert (
        client.post("/t/t1/members", data={"login": "x@example.org", "roles": "admin"}).status_code
        == 403
    )


def test_admin_of_another_tenant_is_refused(client, make_tenant, make_member):
    make_tenant(slug="t1")
    other = make_tenant(slug="t2")
    client.login(make_member(other, "admin"))
    assert client.get("/t/t1/members").status_code == 403


def test_unknown_tenant_is_404(client, make_tenant, make_member):
    client.login(make_member(make_tenant(), "admin"))
    assert client.get("/t/nowhere/members").status_code == 404


def test_anonymous_is_sent_to_log_in(client, make_tenant):
    make_tenant(slug="t1")
    response = client.get("/t/t1/members")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_adds_an_existing_user_by_phone_and_it_is_audited(
    client, make_tenant, make_member, make_user, ctx, owner_rows):
    tenant = make_tenant(slug="t1")
    admin = make_member(tenant, "admin")
    newcomer = make_user(phone="+66812345678", email=None, display_name="สมหญิง")
    client.login(admin)
    response = client.post(
        "/t/t1/members", data={"login": "081-234-5678", "roles": ["staff", "volunteer"]}
    )
    assert response.status_code == 302
    m = membership(ctx, newcomer, tenant)
    assert m.roles == ["staff", "volunteer"] and m.active
    events = owner_rows(sa.select(AuditEvent).where(AuditEvent.action == "membership.add"))
    assert (
        len(events) == 1
        and events[0].tenant_id == tenant.id
        and events[0].actor_user_id == admin.id
    )
    assert "สมหญิง" in client.get("/t/t1/members").get_data(as_text=True)


def test_adding_an_unknown_person_explains_at_the_field(client, make_tenant, make_member, ctx, owner_rows):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, "admin"))
    response = client.post(
        "/t/t1/members", data={"login": "nobody@example.org", "roles": ["staff"]}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "has-error" in html and "ไม่พบบัญชี" in html
    assert len(owner_rows(sa.select(Membership.id))) == 1


def test_unknown_role_is_refused(client, make_tenant, make_member, make_user, ctx, owner_rows):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, "admin"))
    make_user(email="r@example.org")
    response = client.post("/t/t1/members", data={"login": "r@example.org", "roles": ["superuser"]})
    assert response.status_code == 422
    assert len(owner_rows(sa.select(Membership.id))) == 1


def test_roles_change_and_deactivation(client, make_tenant, make_member, ctx, owner_rows):
    tenant = make_tenant(slug="t1")
    admin = make_member(tenant, "admin")
    staff = make_member(tenant, "staff")
    m = membership(ctx, staff, tenant)
    client.login(admin)
    client.post(f"/t/t1/members/{m.id}/roles", data={f"m{m.id}-roles": ["staff", "fund_manager"]})
    assert membership(ctx, staff, tenant).roles == ["staff", "fund_manager"]
    client.post(f"/t/t1/members/{m.id}/deactivate")
    assert membership(ctx, staff, tenant).active is False
    actions = {row.action for row in owner_rows(sa.select(AuditEvent.action))}
    assert {"membership.roles", "membership.deactivate"} <= actions


def test_cannot_touch_a_membership_of_another_tenant(client, make_tenant, make_member, ctx):
    tenant = make_tenant(slug="t1")
    other = make_tenant(slug="t2")
    make_member(other, "admin")  # t2 keeps another admin
    victim = make_member(other, "admin")
    m = membership(ctx, victim, other)
    client.login(make_member(tenant, "admin"))
    assert client.post(f"/t/t1/members/{m.id}/deactivate").status_code == 404
    assert (
        client.post(
            f"/t/t1/members/{m.id}/roles", data={f"m{m.id}-roles": ["household"]}
        ).status_code
        == 404
    )
    after = membership(ctx, victim, other)
    assert after.active and after.roles == ["admin"]


def test_last_admin_cannot_remove_their_own_admin_role(client, make_tenant, make_member, ctx):
    tenant = make_tenant(slug="t1")
    admin = make_member(tenant, "admin")
    m = membership(ctx, admin, tenant)
    client.login(admin)
    response = client.post(f"/t/t1/members/{m.id}/roles", data={f"m{m.id}-roles": ["staff"]})
    assert response.status_code == 302
    assert membership(ctx, admin, tenant).roles == ["admin"]
    client.post(f"/t/t1/members/{m.id}/deactivate")
    assert membership(ctx, admin, tenant).active
    html = client.get("/t/t1/members").get_data(as_text=True)
    assert "องค์กรต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน" in html


def test_an_admin_may_step_down_when_another_remains(client, make_tenant, make_member, ctx):
    tenant = make_tenant(slug="t1")
    admin = make_member(tenant, "admin")
    make_member(tenant, "admin")
    m = membership(ctx, admin, tenant)
    client.login(admin)
    client.post(f"/t/t1/members/{m.id}/roles", data={f"m{m.id}-roles": ["staff"]})
    assert membership(ctx, admin, tenant).roles == ["staff"]


def test_two_admins_demoting_each_other_at_once_leave_one(
    postgres_only, make_client, make_tenant, make_member, ctx, owner_rows):
    tenant = make_tenant(slug="t1")
    a, b = make_member(tenant, "admin"), make_member(tenant, "admin")
    ma, mb = membership(ctx, a, tenant).id, membership(ctx, b, tenant).id
    clients = browsers(make_client, users=[a, b])

    def demote(c, target):
        return c.post(f"/t/t1/members/{target}/roles", data={f"m{target}-roles": ["staff"]})

    together([lambda: demote(clients[0], mb), lambda: demote(clients[1], ma)])
    admins = [
        m for m in owner_rows(sa.select(Membership).filter_by(tenant_id=tenant.id)) if "admin" in m.roles
    ]
    assert len(admins) == 1


def test_landing_page_shows_the_members_card_to_admins_only(client, make_tenant, make_member):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, "admin"))
    assert "/t/t1/members" in client.get("/t/t1/").get_data(as_text=True)
    client.login(make_member(tenant, "volunteer"))
    assert "/t/t1/members" not in client.get("/t/t1/").get_data(as_text=True)
