"""Register, log in, log out; lockout; CSRF."""


import pytest
import sqlalchemy as sa

from core.auth.models import User


def register(client, login, password="correct horse 1", confirm=None, name="สมศรี มีสุข", **kw):
    data = {
        "display_name": name,
        "login": login,
        "password": password,
        "confirm": password if confirm is None else confirm,
    }
    return client.post("/register", data=data, **kw)


@pytest.mark.parametrize("typed", ["081-234-5678", "+66812345678"])
def test_register_with_phone_then_log_in_with_any_format(
    client, make_client, log_in, fetch_user, typed
):
    response = register(client, typed)
    assert response.status_code == 302
    user = fetch_user(phone="+66812345678")
    assert user is not None and user.email is None
    assert user.password_hash.startswith("scrypt:")
    for fmt in ("0812345678", "66 81 234 5678", "081-234-5678", "+66812345678"):
        other = make_client()
        assert log_in(other, fmt).status_code == 302, fmt
        assert other.get("/me/tenants").status_code == 200


def test_register_with_email(client, make_client, log_in, fetch_user):
    assert register(client, "Somsri@Example.org").status_code == 302
    assert fetch_user(email="somsri@example.org") is not None
    assert log_in(make_client(), "somsri@example.org").status_code == 302


def test_duplicate_phone_in_another_format_is_refused_at_the_field(client, make_user):
    make_user(phone="+66812345678", email=None)
    response = register(client, "081 234 5678")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "has-error" in html
    assert "มีบัญชีที่ใช้เบอร์โทรศัพท์หรืออีเมลนี้อยู่แล้ว" in html


@pytest.mark.parametrize(
    ("login", "password", "confirm", "thai"),
    [
        ("0812345678", "short", "short", "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร"),
        ("0812345678", "correct horse 1", "different 1", "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
        ("12345", "correct horse 1", None, "กรุณากรอกเบอร์โทรศัพท์หรืออีเมลให้ถูกต้อง"),
    ],
)
def test_bad_registration_explains_itself_and_writes_nothing(
    client, ctx, login, password, confirm, thai
):
    response = register(client, login, password, confirm)
    assert response.status_code == 200
    assert thai in response.get_data(as_text=True)
    assert ctx.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_wrong_password_and_unknown_account_get_the_same_message(client, make_user, log_in):
    make_user(email="a@example.org")
    wrong = log_in(client, "a@example.org", "wrong password").get_data(as_text=True)
    unknown = log_in(client, "nobody@example.org", "wrong password").get_data(as_text=True)
    message = "เบอร์โทรศัพท์ อีเมล หรือรหัสผ่านไม่ถูกต้อง"
    assert message in wrong and message in unknown
    assert client.get("/me/tenants").status_code == 302  # still anonymous


def test_login_goes_to_the_only_tenant_or_the_switcher(
    client, make_client, make_tenant, make_member, log_in
):
    one = make_tenant(slug="one")
    make_member(one, "staff", email="single@example.org")
    response = log_in(client, "single@example.org")
    assert response.headers["Location"].endswith("/t/one/")
    two = make_tenant(slug="two")
    user = make_member(one, "staff", email="multi@example.org")
    make_member(two, "household", user=user)
    response = log_in(make_client(), "multi@example.org")
    assert response.headers["Location"].endswith("/me/tenants")


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("/t/x/members", True),
        ("//evil.example", False),
        ("https://evil.example/", False),
        ("/\\evil", False),
    ],
)
def test_next_only_goes_to_local_paths(client, make_user, target, local):
    make_user(email="n@example.org")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"login": "n@example.org", "password": "correct horse 1"},
    )
    location = response.headers["Location"]
    assert (location == target) is local
    assert "evil" not in location or local


def test_post_without_csrf_token_is_rejected(client, make_user, log_in):
    make_user(email="x@example.org")
    response = log_in(client, "x@example.org", csrf=False)
    assert response.status_code == 400
    assert client.get("/me/tenants").status_code == 302


def test_logout_is_post_only(client, make_user):
    user = make_user()
    client.login(user)
    assert client.get("/logout").status_code == 405
    assert client.get("/me/tenants").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/me/tenants").status_code == 302


def test_login_page_has_the_named_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="login"' in html and 'name="password"' in html and 'type="submit"' in html
    assert 'name="csrf_token"' in html


def test_session_cookie_is_http_only(client, make_user, log_in):
    make_user(email="h@example.org")
    response = log_in(client, "h@example.org")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
