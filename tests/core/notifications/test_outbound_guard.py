"""A tenant admin tries to make the server call its own network through the
SMS gateway URL (server-side request forgery): internal addresses in every
spelling, names that resolve inside, names that change their answer after the
check (DNS rebinding), a gateway that redirects inside. Refused when saved
with a clear message, refused again when sending, and nothing arrives at the
internal listener."""

from __future__ import annotations

import pytest

from core import outbound
from core.db import db
from core.notifications.models import Notification, NotificationDelivery
from core.notifications.services import queue_notification
from core.notifications.settings import update_messaging_settings
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.core.notifications.fake_provider import FakeProvider

PHONE = "+66812345678"
INTERNAL = [
    "http://127.0.0.1:6379/",
    "http://[::1]/",
    "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://224.0.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://localhost/",
    "http://localhost./",
    "http://LOCALHOST:8080/",
    "http://inside.example.org/",  # a public-looking name resolving to loopback
    "http://split.example.org/",  # one public and one internal address
]


@pytest.fixture(autouse=True)
def inside_names(names):
    names["inside.example.org"] = ["127.0.0.1"]
    names["split.example.org"] = ["93.184.216.34", "10.1.2.3"]


@pytest.fixture
def internal():
    """A listener on loopback that no test allows: it must never hear a thing."""
    fake = FakeProvider().start()
    yield fake
    fake.stop()


def settings_url(tenant) -> str:
    return f"/t/{tenant.slug}/notifications/settings"


def stored(tenant_id: int) -> dict:
    settings = db.session.get(Tenant, tenant_id, populate_existing=True).settings
    db.session.rollback()
    return settings


def send(tenant, key="sms-1") -> None:
    with tenant_context(tenant.id):
        queue_notification(template="test.hello", params={"name": "S"}, idempotency_key=key, address=PHONE,
                           channel="sms")
        db.session.commit()


# --- when the URL is saved ---------------------------------------------------------


@pytest.mark.parametrize("url", INTERNAL)
def test_an_internal_gateway_url_is_refused_when_saved(client, tenant, make_member, url):
    client.login(make_member(tenant, "admin", lang="en"))
    response = client.post(settings_url(tenant), data={
        "sms_url": url, "sms_token": "tok-1234567890", "line_channel_token": "line-token-0987654321",
        "sms_content_type": "application/json"})
    assert response.status_code == 200
    assert "it points to an internal or private network" in response.get_data(as_text=True)
    assert stored(tenant.id) == {}  # nothing half-written: not the tokens either


def test_the_refusal_is_in_thai_for_a_thai_admin(client, tenant, make_member):
    client.login(make_member(tenant, "admin", lang="th"))
    html = client.post(settings_url(tenant), data={
        "sms_url": "http://169.254.169.254/", "sms_content_type": "application/json"}).get_data(as_text=True)
    assert "ใช้ที่อยู่นี้ไม่ได้ เพราะชี้ไปยังเครือข่ายภายในหรือเครือข่ายส่วนตัว" in html


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://sms.example.org/", "Enter an http:// or https:// address"),
    ("file:///etc/passwd", "Enter an http:// or https:// address"),
    ("gopher://127.0.0.1:6379/_FLUSHALL", "Enter an http:// or https:// address"),
    ("http://user:pass@sms.example.org/", "Do not put a user name or password in the address"),
    ("http://sms.example.org@127.0.0.1/", "Do not put a user name or password in the address"),
    ("http://sms.example.org:22/", "This port is not allowed"),
    ("http://sms.example.org:99999/", "Enter an http:// or https:// address"),
    ("http://no-such-name.invalid/", "could not be found"),
])
def test_other_bad_urls_are_refused_with_their_reason(client, tenant, make_member, url, message):
    client.login(make_member(tenant, "admin", lang="en"))
    response = client.post(settings_url(tenant), data={"sms_url": url, "sms_content_type": "application/json"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert stored(tenant.id) == {}


def test_a_public_gateway_and_an_operator_allowed_one_are_accepted(
    app, client, tenant, make_member, monkeypatch, names
):
    names["gw.lan"] = ["10.9.9.9"]
    client.login(make_member(tenant, "admin", lang="en"))
    ok = client.post(settings_url(tenant), data={"sms_url": "https://sms.example.org:8443/send?x=1",
                                                 "sms_content_type": "application/json"})
    assert ok.status_code == 302 and stored(tenant.id)["sms"]["url"] == "https://sms.example.org:8443/send?x=1"
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOWED_HOSTS", "gw.lan:8080, 10.20.0.0/16")
    for url in ("http://gw.lan:8080/sms", "http://10.20.3.4/sms"):
        response = client.post(settings_url(tenant), data={"sms_url": url, "sms_content_type": "application/json"})
        assert response.status_code == 302, url
    # the allowance is for that host and port, or that network, only
    for url in ("http://gw.lan:6379/", "http://10.21.0.1/"):
        response = client.post(settings_url(tenant), data={"sms_url": url, "sms_content_type": "application/json"})
        assert response.status_code == 200, url
    assert stored(tenant.id)["sms"]["url"] == "http://10.20.3.4/sms"


def test_the_service_refuses_too_whatever_the_form(ctx, tenant):
    with pytest.raises(outbound.InternalAddress) as refused:
        update_messaging_settings(tenant, actor_id=None, line={}, sms={"url": "http://[::ffff:7f00:1]:6379/"})
    assert refused.value.field == "sms_url"
    db.session.rollback()


# --- when the message is sent ------------------------------------------------------


def test_a_url_stored_before_the_check_is_refused_when_sending(ctx, tenant, internal, reload):
    tenant.settings = {"sms": {"url": internal.url + "/sms", "token": "sms-token-1234"}}  # written behind the form
    db.session.commit()
    send(tenant)
    assert internal.requests == []
    [row] = reload(Notification, tenant.id)
    assert row.status == "failed" and "not allowed" in row.last_error
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert delivery.status == "failed"  # permanent: not retried


def test_a_name_that_resolves_inside_after_the_check_is_refused_when_sending(
    client, tenant, make_member, internal, names, reload
):
    port = internal.server.server_address[1]
    names["rebind.example.org"] = ["93.184.216.34"]  # public when saved
    client.login(make_member(tenant, "admin", lang="en"))
    saved = client.post(settings_url(tenant), data={"sms_url": f"http://rebind.example.org:{port}/sms",
                                                    "sms_content_type": "application/json"})
    assert saved.status_code == 302
    names["rebind.example.org"] = ["127.0.0.1"]  # the attacker's DNS now answers loopback
    send(tenant)
    assert internal.requests == []
    [row] = reload(Notification, tenant.id)
    assert row.status == "failed" and "not allowed" in row.last_error


def test_the_request_goes_to_the_address_that_was_checked(app, ctx, tenant, provider, names, monkeypatch, reload):
    """The name is not resolved a second time by the HTTP client: it connects
    to the checked address and keeps the name for the Host header."""
    port = provider.server.server_address[1]
    names["gw.pinned.test"] = ["127.0.0.1"]  # no DNS server knows this name: only the checked address can work
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOWED_HOSTS", f"gw.pinned.test:{port}")
    tenant.settings = {"sms": {"url": f"http://gw.pinned.test:{port}/send"}}
    db.session.commit()
    send(tenant)
    [request] = provider.requests
    assert request.headers["host"] == f"gw.pinned.test:{port}"
    assert reload(Notification, tenant.id)[0].status == "sent"


def test_a_redirect_to_an_internal_address_is_not_followed(ctx, tenant, provider, internal, reload, eager_retries):
    """The gateway's own host is allowed by the operator; what it redirects
    to is not, and redirects are never followed anyway."""
    target = f"http://localhost:{internal.server.server_address[1]}/latest/meta-data"
    provider.answers = [(302, "", {"Location": target}), (307, "", {"Location": target})]
    tenant.settings = {"sms": {"url": provider.url + "/send"}}
    db.session.commit()
    send(tenant)
    assert len(provider.requests) == 1 and internal.requests == []
    [row] = reload(Notification, tenant.id)
    assert row.status == "failed" and "redirects are not followed" in row.last_error
    [delivery] = reload(NotificationDelivery, tenant.id)
    assert (delivery.status, delivery.response) == ("failed", "HTTP 302 Found")


def test_the_operators_own_gateway_is_trusted(app, ctx, tenant, internal, reload):
    """SMS_GATEWAY_URL is the operator's: an internal gateway there is their choice."""
    app.config.update(SMS_GATEWAY_URL=internal.url + "/fallback", SMS_GATEWAY_TOKEN="app-token-9876")
    try:
        send(tenant)
    finally:
        app.config.update(SMS_GATEWAY_URL=None, SMS_GATEWAY_TOKEN=None)
    assert len(internal.requests) == 1
    assert reload(Notification, tenant.id)[0].status == "sent"


# --- the rules themselves ----------------------------------------------------------


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.64.0.1",
    "100.127.255.254", "0.0.0.0", "224.0.0.251", "239.255.255.250", "255.255.255.255", "::", "::1", "fc00::1",
    "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "2002:a00:1::",
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2001:db8::1", "::7f00:1", "::a9fe:a9fe", "2001::1",
])
def test_every_internal_address_is_blocked(address):
    import ipaddress

    assert outbound.blocked(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111",
                                     "64:ff9b::808:808"])
def test_public_addresses_are_not_blocked(address):
    import ipaddress

    assert not outbound.blocked(ipaddress.ip_address(address))


def test_a_bad_allow_list_entry_is_ignored_not_fatal():
    policy = outbound.Policy.from_config({"OUTBOUND_ALLOWED_HOSTS": "10.0.0.0/33, gw:port, ok.lan:8080, ,"})
    assert policy.allowed_hosts == {("ok.lan", 8080)} and policy.allowed_networks == ()


def test_a_name_that_stops_resolving_is_tried_again_later(ctx, tenant, names, reload, eager_retries):
    names["flaky-dns.example.org"] = ["93.184.216.34"]
    update_messaging_settings(tenant, actor_id=None, line={}, sms={"url": "http://flaky-dns.example.org/send"})
    db.session.commit()
    names["flaky-dns.example.org"] = []  # the name does not resolve for now
    send(tenant)
    deliveries = reload(NotificationDelivery, tenant.id)
    assert deliveries and deliveries[0].status == "retry" and "resolve" in deliveries[0].error


def test_a_thai_path_is_sent_percent_encoded(ctx, tenant, provider, reload):
    tenant.settings = {"sms": {"url": provider.url + "/ส่ง?ผู้ส่ง=ปันสุข"}}
    db.session.commit()
    send(tenant)
    [request] = provider.requests
    assert request.path == "/%E0%B8%AA%E0%B9%88%E0%B8%87?%E0%B8%9C%E0%B8%B9%E0%B9%89%E0%B8%AA%E0%B9%88%E0%B8%87=" \
        "%E0%B8%9B%E0%B8%B1%E0%B8%99%E0%B8%AA%E0%B8%B8%E0%B8%82"
    assert reload(Notification, tenant.id)[0].status == "sent"
