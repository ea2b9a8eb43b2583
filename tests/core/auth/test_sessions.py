"""Sessions end on the server: a cookie copied before log-out, "log out
everywhere" or a password change opens nothing afterwards; idle and absolute
timeouts end a session; cookies are Secure over HTTPS. Each test runs twice:
reading the user and the session each time, and with the worker keeping them
(``core.identity_cache``), where every ending must take effect just as soon."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.auth.models import UserSession
from core.db import utcnow
from core.tenancy.context import tenant_context

HOST = "pansuk.test"


@pytest.fixture(autouse=True, params=["read each time", "kept by the worker"])
def worker_cache(request, app, monkeypatch):
    """Without Redis nothing is kept; with it, the user and the session are."""
    if request.param == "read each time":
        monkeypatch.setitem(app.extensions, "versions", {"client": None})
        yield
        return
    from core import identity_cache, versions
    from tests.fake_redis import versions_client

    client = versions_client("pansuk:identity")
    monkeypatch.setitem(app.extensions, "versions", {"client": client})
    monkeypatch.setitem(app.extensions, "identity_cache",
                        {"entries": versions.Entries(identity_cache.TTL_SECONDS, 100)})
    yield
    client.close()


@pytest.fixture
def member(make_tenant, make_member):
    tenant = make_tenant(slug="khok-sai")
    make_member(tenant, "staff", email="staff@example.org")
    return tenant


def logged_in(make_client, log_in):
    device = make_client()
    response = log_in(device, "staff@example.org")
    assert response.status_code == 302
    return device


def copy_of(device, make_client):
    """Another browser holding a copy of the device's session cookie."""
    cookie = device.get_cookie("session", domain=HOST)
    assert cookie is not None
    thief = make_client()
    thief.set_cookie("session", cookie.value, domain=HOST)
    return thief


def opens(browser) -> bool:
    page = browser.get("/me/tenants")
    api = browser.get("/api/v1/me")
    if page.status_code == 200 and api.status_code == 200:
        return True
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert api.status_code == 401 and api.json["error"]["code"] == "unauthorised"
    return False


def sessions_of(ctx):
    ctx.expire_all()
    return ctx.scalars(sa.select(UserSession).order_by(UserSession.id)).all()


def test_a_cookie_copied_before_log_out_opens_nothing_after_it(member, make_client, log_in):
    device = logged_in(make_client, log_in)
    thief = copy_of(device, make_client)
    assert opens(thief)  # the copy works while the session lives...
    assert device.post("/logout").status_code == 302
    assert not opens(device)
    assert not opens(thief)  # ...and not after log-out
    assert not opens(copy_of(thief, make_client))


def test_a_cookie_whose_session_is_gone_opens_nothing(member, make_client, log_in, ctx):
    device = logged_in(make_client, log_in)
    ctx.execute(sa.delete(UserSession))
    ctx.commit()
    assert not opens(device)
    assert sessions_of(ctx) == []  # and no new session was made for it


def test_log_out_ends_this_device_only(member, make_client, log_in, ctx):
    phone, office = logged_in(make_client, log_in), logged_in(make_client, log_in)
    phone.post("/logout")
    assert not opens(phone)
    assert opens(office)
    assert [s.revoked_at is not None for s in sessions_of(ctx)] == [True, False]


def test_log_out_everywhere_ends_every_session_and_every_copy(
    member, make_client, log_in, ctx
):
    phone, office = logged_in(make_client, log_in), logged_in(make_client, log_in)
    copies = [copy_of(phone, make_client), copy_of(office, make_client)]
    account = phone.get("/me/tenants").get_data(as_text=True)
    assert 'data-test="logout-everywhere"' in account
    response = phone.post("/me/sessions/end-all")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    for browser in (phone, office, *copies):
        assert not opens(browser)
    assert all(s.revoked_at is not None for s in sessions_of(ctx))
    assert logged_in(make_client, log_in).get("/me/tenants").status_code == 200  # log in again


def test_log_out_everywhere_needs_the_csrf_token(member, make_client, log_in):
    phone = logged_in(make_client, log_in)
    assert phone.post("/me/sessions/end-all", csrf=False).status_code == 400
    assert opens(phone)


def test_a_password_change_ends_every_earlier_cookie_even_this_devices(
    member, make_client, log_in
):
    here, elsewhere = logged_in(make_client, log_in), logged_in(make_client, log_in)
    before = copy_of(here, make_client)
    response = here.post(
        "/me/password",
        data={
            "current_password": "correct horse 1",
            "new_password": "new horse 22",
            "confirm": "new horse 22",
        },
    )
    assert response.status_code == 302
    assert opens(here)  # this device goes on in a new session
    assert not opens(before)  # its cookie from before the change does not
    assert not opens(elsewhere)


def test_an_idle_session_ends(member, make_client, log_in, ctx, app):
    device = logged_in(make_client, log_in)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    (row,) = sessions_of(ctx)
    row.last_seen_at = utcnow() - idle + timedelta(minutes=2)  # not yet idle long enough
    ctx.commit()
    assert opens(device)
    (row,) = sessions_of(ctx)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)  # the use was noted
    row.last_seen_at = utcnow() - idle - timedelta(seconds=1)
    ctx.commit()
    assert not opens(device)


def test_a_session_ends_at_its_absolute_limit_however_busy(member, make_client, log_in, ctx, app):
    device = logged_in(make_client, log_in)
    (row,) = sessions_of(ctx)
    row.created_at = utcnow() - timedelta(hours=app.config["SESSION_MAX_HOURS"], seconds=-60)
    ctx.commit()
    assert opens(device)  # a minute to go, and in use
    (row,) = sessions_of(ctx)
    row.created_at -= timedelta(minutes=2)
    ctx.commit()
    assert not opens(device)


def test_the_timeouts_are_settings(member, make_client, log_in, ctx, app, monkeypatch):
    assert app.config["SESSION_IDLE_MINUTES"] == 60 and app.config["SESSION_MAX_HOURS"] == 12
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    device = logged_in(make_client, log_in)
    (row,) = sessions_of(ctx)
    row.last_seen_at = utcnow() - timedelta(minutes=6)
    ctx.commit()
    assert not opens(device)


def test_a_session_of_another_user_does_not_carry_over(make_user, make_client, log_in):
    make_user(email="a@example.org")
    make_user(email="b@example.org")
    device = make_client()
    log_in(device, "a@example.org")
    device.post("/logout")
    log_in(device, "b@example.org")
    assert device.get("/api/v1/me").json["email"] == "b@example.org"


@pytest.mark.parametrize(
    ("setting", "scheme", "secure"),
    [(None, "https", True), (None, "http", False), (True, "http", True), (False, "https", False)],
)
def test_cookies_are_secure_over_https(
    make_user, make_client, log_in, app, monkeypatch, setting, scheme, secure
):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", setting)
    make_user(email="s@example.org")
    device = make_client()
    base = f"{scheme}://{HOST}"
    response = log_in(device, "s@example.org", base_url=base, headers={"Referer": f"{base}/login"})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert ("; Secure" in cookie) is secure
    assert "HttpOnly" in cookie


def test_log_in_log_out_and_log_out_everywhere_are_audited(
    member, make_client, log_in, ctx
):
    device = logged_in(make_client, log_in)
    device.post("/logout")
    device = logged_in(make_client, log_in)
    device.post(
        "/me/password",
        data={
            "current_password": "correct horse 1",
            "new_password": "new horse 22",
            "confirm": "new horse 22",
        },
    )
    device.post("/me/sessions/end-all")
    with tenant_context(member.id):
        events = ctx.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events if e.action.startswith("auth.")]
    assert actions == [
        "auth.login",
        "auth.logout",
        "auth.login",
        "auth.password.change",
        "auth.sessions.end_all",
    ]
    assert events[-1].after == {"sessions_ended": 1}
    assert not any("horse" in str(e.after) for e in events)  # no password, old or new
