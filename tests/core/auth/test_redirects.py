"""Redirects stay home: a hostile ``next`` on the log-in page or the language
switch falls back to a page of this site, and never answers 500."""

import pytest

from core.redirects import from_referrer, local_path

HOSTILE = [
    "//evil.example",
    "///evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/%2509/evil.example",
    "/\\evil",
    "/%5Cevil",
    "\\\\evil",
    "https://evil",
    "http:/evil",
    "HTTPS://evil.example/",
    "javascript:alert(1)",
    " //evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "／／evil.example",
    "/／evil.example",
    "/x\r\nSet-Cookie: owned=1",
    "/x%0d%0aLocation:%20https://evil.example",
    "/\u2028/evil.example",
    "/" + "a" * 5000,
    "evil.example",
    "",
]
LOCAL = ["/t/khok-sai/", "/t/khok-sai/members?page=2", "/t/ไทย/", "/search?q=100%25"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", LOCAL)
def test_paths_of_this_site_pass(target):
    assert local_path(target) == target


def test_a_referrer_counts_only_from_this_host():
    assert from_referrer("http://pansuk.test/t/x?page=2", "pansuk.test") == "/t/x?page=2"
    assert from_referrer("https://evil.example/t/x", "pansuk.test") is None
    assert from_referrer("http://pansuk.test//evil.example", "pansuk.test") is None
    assert from_referrer("javascript://pansuk.test/%0aalert(1)", "pansuk.test") is None
    assert from_referrer("http://[broken", "pansuk.test") is None


def _is_home(location: str, home: str) -> bool:
    return location == home and "evil" not in location


@pytest.mark.parametrize("target", [*HOSTILE, "/x\x1b[2J"])
def test_log_in_with_a_hostile_next_lands_at_home(client, make_user, target):
    make_user(email="n@example.org")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"login": "n@example.org", "password": "correct horse 1"},
    )
    if target == "/x\x1b[2J":  # an invisible control: refused at the door, with a message
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert _is_home(response.headers["Location"], "/me/tenants")


@pytest.mark.parametrize("target", LOCAL)
def test_log_in_follows_a_local_next(client, make_user, target):
    make_user(email="n@example.org")
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"login": "n@example.org", "password": "correct horse 1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/t/") or response.headers[
        "Location"
    ].startswith("/search")


def test_the_log_in_page_keeps_next_for_the_form(client):
    """A page behind log-in sends the visitor to log in, then back there."""
    response = client.get("/me/tenants")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_with_a_hostile_next_goes_home(client, target):
    response = client.post("/lang/en", data={"next": target})
    assert response.status_code == 302
    assert _is_home(response.headers["Location"], "/")


def test_the_language_switch_goes_back_to_the_page_it_was_pressed_on(client):
    response = client.post("/lang/en", data={"next": "/t/khok-sai/?page=2"})
    assert response.headers["Location"] == "/t/khok-sai/?page=2"
    response = client.post("/lang/th", headers={"Referer": "http://pansuk.test/t/khok-sai/"})
    assert response.headers["Location"] == "/t/khok-sai/"
    response = client.post("/lang/th", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_the_language_switch_is_a_post(client):
    """A POST (never a GET a link or an image could trigger); a visitor's
    needs no token (see tests/core/test_csrf.py for a member's, which does)."""
    assert client.get("/lang/en?next=/").status_code == 405
    page = client.get("/").get_data(as_text=True)
    assert 'lang="th"' in page
    client.post("/lang/en", data={"next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
