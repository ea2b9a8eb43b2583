"""The public micro-cache: whole answers reused for visitors without a cookie,
never for anyone logged in, never for answers that are not public."""

from __future__ import annotations

import itertools

import pytest
from flask import Flask, jsonify, make_response, request, session

from core import microcache
from core.microcache import MicroCache


@pytest.fixture
def counted():
    microcache.clear()
    app = Flask("micro")
    app.secret_key = "x"
    calls = itertools.count(1)

    @app.get("/q/<token>")
    def page(token):
        n = next(calls)
        if token == "private":
            return jsonify(n=n)
        response = make_response(jsonify(n=n, lang=request.args.get("lang", "th"), accept=request.accept_mimetypes.best))
        response.headers.update({"Cache-Control": "public, max-age=30", "ETag": f'"{token}"', "Vary": "Accept"})
        if token == "cookie":
            session["seen"] = True
        return response

    @app.get("/other")
    def other():
        response = jsonify(n=next(calls))
        response.headers["Cache-Control"] = "public"
        return response

    app.wsgi_app = MicroCache(app.wsgi_app, {"/q/": 60})
    yield app.test_client
    microcache.clear()


def test_a_visitor_gets_the_kept_answer(counted):
    c = counted()
    first = c.get("/q/abc").get_json()["n"]
    assert c.get("/q/abc").get_json()["n"] == first
    assert counted().get("/q/abc").get_json()["n"] == first


def test_the_query_and_the_vary_headers_make_other_entries(counted):
    c = counted()
    th = c.get("/q/abc").get_json()
    en = c.get("/q/abc?lang=en").get_json()
    html = c.get("/q/abc", headers={"Accept": "text/html"}).get_json()
    assert len({th["n"], en["n"], html["n"]}) == 3 and en["lang"] == "en"


def test_never_for_a_cookie_an_authorization_or_a_post(counted):
    c = counted()
    first = c.get("/q/abc").get_json()["n"]
    assert c.get("/q/abc", headers={"Authorization": "Bearer x"}).get_json()["n"] != first
    assert c.post("/q/abc").status_code == 405
    c.set_cookie("session", "x")
    assert c.get("/q/abc").get_json()["n"] != first


def test_never_keeps_what_is_not_public_or_sets_a_cookie_or_is_elsewhere(counted):
    c = counted()
    assert c.get("/q/private").get_json()["n"] != c.get("/q/private").get_json()["n"]
    fresh = counted()
    assert fresh.get("/q/cookie").get_json()["n"] != counted().get("/q/cookie").get_json()["n"]
    assert c.get("/other").get_json()["n"] != c.get("/other").get_json()["n"]


def test_if_none_match_gets_304_from_the_copy_and_clear_forgets(counted):
    c = counted()
    first = c.get("/q/abc").get_json()["n"]
    assert c.get("/q/abc", headers={"If-None-Match": '"abc"'}).status_code == 304
    microcache.clear("/q/")
    assert c.get("/q/abc").get_json()["n"] != first


def test_the_qr_page_is_reused_and_a_certificate_change_in_this_process_shows_at_once(app):
    """In the application the QR page sits behind it, and clearing the page's
    facts (what a write to a certificate, plot or lot does) clears it too."""
    from producers.lots import facts

    inner = app.wsgi_app  # static files (WhiteNoise) are served in front of it
    while not isinstance(inner, MicroCache):
        inner = inner.application
    assert inner.prefixes == {"/q/": facts.FRESH_SECONDS, "/t/": 5.0}
    microcache._entries[("/q/x", "")] = {(): (0, "200 OK", [], b"", "")}
    assert microcache.holds("/q/")
    facts.clear_cache()
    assert not microcache.holds("/q/")
