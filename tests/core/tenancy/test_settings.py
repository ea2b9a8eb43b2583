"""Tenant settings: admins only, validated, audited."""

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant


def test_admin_changes_settings_and_it_is_audited(client, make_tenant, make_member):
    tenant = make_tenant(slug="ks")
    admin = make_member(tenant, "admin")
    client.login(admin)
    assert client.get("/t/ks/settings").status_code == 200
    response = client.post("/t/ks/settings", data={
        "name_th": "สภาองค์กรชุมชนตำบลโคกทราย", "name_en": "Khok Sai", "contact_phone": "074-000000",
        "contact_email": "office@example.org", "address": "", "timezone": "Asia/Bangkok"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Tenant, tenant.id).name_en == "Khok Sai"
    with tenant_context(tenant.id):
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tenancy.settings.update"))
    assert event.actor_user_id == admin.id and event.after["name_en"] == "Khok Sai"


def test_bad_email_is_shown_next_to_the_field_and_nothing_changes(client, make_tenant, make_member):
    tenant = make_tenant(slug="ks", name_en="Before")
    client.login(make_member(tenant, "admin"))
    response = client.post("/t/ks/settings", data={"name_th": "x", "name_en": "After", "contact_email": "not-an-email", "timezone": "Asia/Bangkok"})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Tenant, tenant.id).name_en == "Before"


def test_staff_cannot_change_settings(client, make_tenant, make_member):
    tenant = make_tenant(slug="ks")
    client.login(make_member(tenant, "staff"))
    assert client.get("/t/ks/settings").status_code == 403
    assert client.post("/t/ks/settings", data={"name_th": "x", "timezone": "UTC"}).status_code == 403


def test_admin_of_another_tenant_cannot_change_settings(client, make_tenant, make_member):
    make_tenant(slug="ks")
    other = make_tenant(slug="other")
    client.login(make_member(other, "admin"))
    assert client.post("/t/ks/settings", data={"name_th": "x", "timezone": "UTC"}).status_code == 403
