"""Rate limits count the real client: the socket's address unless proxies
are trusted, the address a trusted proxy saw when they are; the log-in form
can be shown any number of times; a client over a limit gets a clear page
in Thai (or JSON) with Retry-After; HSTS follows the trusted scheme only."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from tests.rate_limits import (
    THAI_WAIT,
    assert_limited_json,
    assert_limited_page,
    until_limited,
)

pytestmark = pytest.mark.usefixtures("limits_on")

PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # the reverse proxy's own address


def wrong_login(client, i: int, **kwargs):
    return client.post(
        "/login", data={"login": f"nobody{i}@example.org", "password": "wrong"}, **kwargs
    )


@pytest.fixture
def one_proxy(app):
    """The app as configured with ``TRUSTED_PROXY_HOPS=1``."""
    from core.security import trust_proxies

    original = app.wsgi_app
    app.config["TRUSTED_PROXY_HOPS"] = 1
    try:
        trust_proxies(app)
        assert isinstance(app.wsgi_app, ProxyFix)
        yield
    finally:
        app.config["TRUSTED_PROXY_HOPS"] = 0
        app.wsgi_app = original


# --- log-in ------------------------------------------------------------------------


def test_showing_the_login_form_does_not_count(client, make_user):
    """150 page views (past both the minute's and the hour's limit), then the
    right password still logs in."""
    user = make_user(email="somchai@example.org")
    for _ in range(150):
        assert client.get("/login").status_code == 200
    response = client.post("/login", data={"login": user.email, "password": "correct horse 1"})
    assert response.status_code == 302


def test_login_posts_are_limited_with_a_thai_page(client):
    blocked = until_limited(lambda i: wrong_login(client, i), 10)
    assert_limited_page(blocked)
    assert int(blocked.headers["Retry-After"]) <= 60  # the minute's limit broke
    assert client.get("/login").status_code == 200  # the form still shows


def test_the_limit_page_speaks_english_when_asked(client):
    until_limited(lambda i: wrong_login(client, i), 10)
    response = client.post("/login?lang=en", data={"login": "x@example.org", "password": "wrong"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many attempts from your connection. Please wait" in html
    assert THAI_WAIT not in html


def test_spoofed_forwarded_for_does_not_escape_the_limit(client):
    """No proxy is trusted: a new X-Forwarded-For on every try is one client."""

    def send(i):
        return wrong_login(
            client, i, headers={"X-Forwarded-For": f"198.51.100.{i}", "X-Real-IP": f"10.1.1.{i}"}
        )

    assert_limited_page(until_limited(send, 10))


def test_behind_a_trusted_proxy_each_client_counts_apart(client, one_proxy):
    def from_client(address, spoofed=None):
        chain = f"{spoofed}, {address}" if spoofed else address  # the proxy appends
        return lambda i: wrong_login(
            client, i, headers={"X-Forwarded-For": chain}, environ_base=PROXY
        )

    assert_limited_page(until_limited(from_client("203.0.113.7"), 10))
    # the same client writing a fresh address in front is still itself
    assert (
        wrong_login(
            client, 99, headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}, environ_base=PROXY
        ).status_code
        == 429
    )
    # another person behind the same proxy is not blocked
    assert (
        wrong_login(
            client, 100, headers={"X-Forwarded-For": "203.0.113.8"}, environ_base=PROXY
        ).status_code
        == 422  # a wrong password, not the limit
    )


def test_an_ipv6_client_is_counted_by_its_network(client):
    """Whoever holds one address of a /64 can send from any other."""

    def send(i):
        return wrong_login(client, i, environ_base={"REMOTE_ADDR": f"2001:db8:1:2::{i + 1:x}"})

    assert_limited_page(until_limited(send, 10))
    other = wrong_login(client, 50, environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"})
    assert other.status_code == 422  # a wrong password, not the limit


def test_registering_and_changing_the_password_are_limited(client, make_user):
    """Registering answers whether a phone has an account; changing the
    password checks the current one. Neither can be asked without end."""
    for _ in range(20):
        assert client.get("/register").status_code == 200

    def register(i):
        return client.post(
            "/register",
            data={"login": f"08{i:08d}", "password": "short", "confirm": "other"},
        )

    assert_limited_page(until_limited(register, 10))
    client.login(make_user())

    def change(i):
        return client.post(
            "/me/password",
            data={
                "current_password": f"guess {i}",
                "new_password": "new pass 123",
                "confirm": "new pass 123",
            },
        )

    assert_limited_page(until_limited(change, 10))


def test_a_logged_in_person_is_counted_by_account_not_address(client, make_client, make_user):
    """Moving from address to address does not refresh one account's limit,
    and a colleague behind the same router has their own."""
    client.login(make_user())

    def change(i):
        return client.post(
            "/me/password",
            data={
                "current_password": f"guess {i}",
                "new_password": "new pass 123",
                "confirm": "new pass 123",
            },
            environ_base={"REMOTE_ADDR": f"198.51.100.{i + 1}"},
        )

    assert_limited_page(until_limited(change, 10))
    colleague = make_client().login(make_user())
    response = colleague.post(
        "/me/password",
        data={
            "current_password": "guess",
            "new_password": "new pass 123",
            "confirm": "new pass 123",
        },
        environ_base={"REMOTE_ADDR": "198.51.100.1"},
    )
    assert response.status_code == 422


# --- claim codes and the public QR page ----------------------------------------------


def test_claim_codes_are_limited_per_address_not_per_cookie(make_client):
    """A guesser who drops the session cookie each time is still counted;
    showing the claim form is not."""
    viewer = make_client()
    for _ in range(20):
        assert viewer.get("/claim").status_code == 200

    def guess(i):
        return make_client().post(
            "/claim",
            data={
                "code": f"ZZZZ-{i:04d}",
                "login": "0899999999",
                "password": "pw claim 12",
                "confirm": "pw claim 12",
                "display_name": "",
            },
        )

    assert_limited_page(until_limited(guess, 5))


def test_qr_page_guessing_is_limited_in_thai_and_in_json(client):
    blocked = until_limited(lambda i: client.get(f"/q/guess{i:04d}"), 120)
    assert_limited_page(blocked)
    as_json = client.get("/q/guess9999", headers={"Accept": "application/json"})
    assert_limited_json(as_json)
    elsewhere = client.get("/q/guess9999", environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert elsewhere.status_code == 404  # another client is not blocked


# --- HSTS ----------------------------------------------------------------------------


def test_no_hsts_from_a_spoofed_scheme_without_trusted_proxies(client):
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_when_the_trusted_proxy_says_https(client, one_proxy):
    secure = client.get("/login", headers={"X-Forwarded-Proto": "https"}, environ_base=PROXY)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get("/login", headers={"X-Forwarded-Proto": "http"}, environ_base=PROXY)
    assert "Strict-Transport-Security" not in plain.headers


# --- settings ------------------------------------------------------------------------


def test_rate_limit_settings_override_add_and_switch_off():
    from core.security import DEFAULT_RATE_LIMITS, Rule, rules

    merged = rules(
        {
            "auth.login": "3 per minute",
            "producers_public.qr_page": "",
            "web.home": "GET, HEAD: 100 per minute",
        }
    )
    assert merged["auth.login"] == Rule("3 per minute", ("POST",))  # still POSTs only
    assert "producers_public.qr_page" not in merged
    assert merged["web.home"] == Rule("100 per minute", ("GET", "HEAD"))
    assert rules() == DEFAULT_RATE_LIMITS


@pytest.mark.parametrize(
    "value",
    ["ten per minute", "BREW: 5 per minute", ": 5 per minute", 5, ["5 per minute"]],
)
def test_a_bad_rate_limit_setting_fails_the_start(value):
    from core.security import rules

    with pytest.raises(ValueError, match="auth.login"):
        rules({"auth.login": value})


def test_an_unknown_endpoint_fails_the_start_before_any_view_is_wrapped(app):
    from core.security import apply_rate_limits

    views = dict(app.view_functions)
    app.config["RATE_LIMITS"] = {"auth.logn": "1 per minute"}
    try:
        with pytest.raises(KeyError, match="auth.logn"):
            apply_rate_limits(app)
    finally:
        app.config["RATE_LIMITS"] = {}
    assert app.view_functions == views


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("RATE_LIMITS", "not json", "JSON object"),
        ("RATE_LIMITS", '["5 per minute"]', "JSON object"),
        ("TRUSTED_PROXY_HOPS", "-1", "0 or more"),
        ("TRUSTED_PROXY_HOPS", "one", "whole number"),
        ("TRUSTED_PROXY_HOST_HOPS", "1.5", "whole number"),
    ],
)
def test_bad_settings_in_the_environment_fail_clearly(monkeypatch, name, raw, message):
    from core.config import Config

    monkeypatch.setenv(name, raw)
    with pytest.raises(ValueError, match=message):
        Config(SECRET_KEY="x")


def test_settings_from_the_environment(monkeypatch):
    from core.config import Config

    monkeypatch.setenv("RATE_LIMITS", '{"auth.login": "POST: 3 per minute"}')
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "2")
    config = Config(SECRET_KEY="x")
    assert config.RATE_LIMITS == {"auth.login": "POST: 3 per minute"}
    assert config.TRUSTED_PROXY_HOPS == 2
    assert config.TRUSTED_PROXY_HOST_HOPS == 0 and config.TRUSTED_PROXY_PREFIX_HOPS == 0


def test_no_proxy_is_trusted_by_default(app):
    from core.config import Config

    assert Config(SECRET_KEY="x").TRUSTED_PROXY_HOPS == 0
    layer = app.wsgi_app
    while hasattr(layer, "app"):  # MicroCache and any other middleware
        assert not isinstance(layer, ProxyFix)
        layer = layer.app
    assert not isinstance(layer, ProxyFix)


def _probe(**hops) -> Flask:
    from core.security import trust_proxies

    probe = Flask("probe")
    probe.config.update(hops)

    @probe.get("/who")
    def who():
        from flask import request

        return {
            "addr": request.remote_addr,
            "scheme": request.scheme,
            "host": request.host,
            "root": request.script_root,
        }

    trust_proxies(probe)
    return probe


FORWARDED = {
    "X-Forwarded-For": "198.51.100.1, 203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Prefix": "/evil",
}


def test_one_hop_trusts_the_address_and_scheme_not_the_host_or_prefix():
    """A proxy that passes a client's X-Forwarded-Host on must not let it
    choose the host name of the links the application writes."""
    seen = (
        _probe(TRUSTED_PROXY_HOPS=1)
        .test_client()
        .get("/who", headers=FORWARDED, environ_base=PROXY)
        .get_json()
    )
    assert seen == {"addr": "203.0.113.7", "scheme": "https", "host": "localhost", "root": ""}


def test_host_and_prefix_hops_are_separate_settings():
    seen = (
        _probe(TRUSTED_PROXY_HOST_HOPS=1, TRUSTED_PROXY_PREFIX_HOPS=1)
        .test_client()
        .get("/who", headers=FORWARDED, environ_base=PROXY)
        .get_json()
    )
    assert seen == {"addr": "10.0.0.2", "scheme": "http", "host": "evil.example", "root": "/evil"}


def test_two_hops_take_the_address_the_first_proxy_saw():
    seen = (
        _probe(TRUSTED_PROXY_HOPS=2)
        .test_client()
        .get("/who", headers=FORWARDED, environ_base=PROXY)
        .get_json()
    )
    assert seen["addr"] == "198.51.100.1"


def test_no_hops_believe_nothing():
    probe = _probe()
    assert not isinstance(probe.wsgi_app, ProxyFix)
    seen = probe.test_client().get("/who", headers=FORWARDED, environ_base=PROXY).get_json()
    assert seen == {"addr": "10.0.0.2", "scheme": "http", "host": "localhost", "root": ""}


def test_memory_counts_warn_once_per_process(caplog, monkeypatch):
    from core.security import _per_process_warning

    monkeypatch.setenv("PANSUK_ENV", "production")
    app = Flask("probe")
    app.config.update(RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ENABLED=True)
    warn = _per_process_warning(app)
    with caplog.at_level(logging.WARNING, logger="pansuk.security"):
        warn()
        warn()
    records = [r for r in caplog.records if "REDIS_URL" in r.getMessage()]
    assert len(records) == 1 and records[0].levelno == logging.ERROR
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/4"
    assert _per_process_warning(app) is None
    app.config.update(RATELIMIT_STORAGE_URI="memory://", TESTING=True)
    assert _per_process_warning(app) is None
