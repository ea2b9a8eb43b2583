"""The tenant switcher, language preference and password change."""

import sqlalchemy as sa

from core.auth.models import User
from core.tenancy.context import tenant_context


def test_switcher_lists_only_the_users_active_tenants(client, make_tenant, make_member, ctx):
    mine = make_tenant(slug="mine", name_th="องค์กรของฉัน")
    also = make_tenant(slug="also", name_th="องค์กรที่สอง")
    other = make_tenant(slug="other", name_th="องค์กรของคนอื่น")
    gone = make_tenant(slug="gone", name_th="องค์กรที่ออกแล้ว")
    user = make_member(mine, "admin")
    make_member(also, "household", user=user)
    make_member(other, "admin")
    make_member(gone, "staff", user=user)
    from core.tenancy.models import Membership

    with tenant_context(gone.id):
        ctx.execute(sa.update(Membership).where(Membership.tenant_id == gone.id).values(active=False))
    ctx.commit()
    html = client.login(user).get("/me/tenants").get_data(as_text=True)
    assert "องค์กรของฉัน" in html and "องค์กรที่สอง" in html
    assert "องค์กรของคนอื่น" not in html and "องค์กรที่ออกแล้ว" not in html
    assert "/t/mine/" in html and "ผู้ดูแลระบบ" in html  # role label in Thai


def test_switcher_needs_log_in(client):
    response = client.get("/me/tenants")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_language_preference_is_saved(client, make_user, ctx):
    user = make_user()
    client.login(user)
    assert client.post("/me/language", data={"lang": "en"}).status_code == 302
    ctx.expire_all()
    assert ctx.get(User, user.id).lang == "en"
    assert "My organisations" in client.get("/me/tenants").get_data(as_text=True)
    assert client.post("/me/language", data={"lang": "fr"}).status_code == 422


def test_password_change_logs_out_the_other_session(make_client, make_user, ctx, log_in):
    make_user(email="pw@example.org")
    here, elsewhere = make_client(), make_client()
    assert log_in(here, "pw@example.org").status_code == 302
    assert log_in(elsewhere, "pw@example.org").status_code == 302
    response = here.post(
        "/me/password",
        data={
            "current_password": "correct horse 1",
            "new_password": "new horse 22",
            "confirm": "new horse 22",
        },
    )
    assert response.status_code == 302
    assert here.get("/me/tenants").status_code == 200  # this session carries on
    assert elsewhere.get("/me/tenants").status_code == 302  # the other is logged out
    assert log_in(make_client(), "pw@example.org", "correct horse 1").status_code == 422
    assert log_in(make_client(), "pw@example.org", "new horse 22").status_code == 302


def test_password_change_needs_the_current_password(client, make_user, ctx):
    user = make_user()
    client.login(user)
    response = client.post(
        "/me/password",
        data={
            "current_password": "wrong one!",
            "new_password": "new horse 22",
            "confirm": "new horse 22",
        },
    )
    assert response.status_code == 422
    assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in response.get_data(as_text=True)
    ctx.expire_all()
    assert ctx.get(User, user.id).session_version == user.session_version
