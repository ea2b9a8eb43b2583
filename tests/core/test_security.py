"""Security headers, the CSP nonce contract every template must follow, and
rate limits on log-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [p for p in ROOT.glob("*/templates") if p.is_dir()] + [
    p for p in ROOT.glob("*/*/templates") if p.is_dir() and ".venv" not in p.parts
]


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", csp)
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_hsts_only_over_https(client):
    response = client.get("/login", base_url="https://pansuk.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_each_response_has_its_own_nonce(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_the_nonce_in_the_page_is_the_nonce_in_the_header(app):
    from flask import render_template_string

    with app.test_request_context("/"):
        html = render_template_string('<script nonce="{{ csp_nonce() }}">1</script>')
        response = app.process_response(app.make_response(html))
    nonce = re.search(r'nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def _templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_no_template_has_inline_script_without_the_nonce_or_inline_handlers():
    bad = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "nonce=" not in tag and "src=" not in tag:
                bad.append(f"{path.relative_to(ROOT)}: {tag}")
        for handler in re.findall(r"<[^>]+\son[a-z]+\s*=", text):
            bad.append(f"{path.relative_to(ROOT)}: inline handler in {handler[:60]}")
    assert not bad, (
        "the CSP blocks these (use a nonce or data-print / a static script):\n" + "\n".join(bad)
    )


def test_login_is_rate_limited(client, limits_on):
    statuses = [
        client.post("/login", data={"login": f"nobody{i}@example.org", "password": "wrong"}).status_code
        for i in range(12)  # other accounts each time: the account lock (core.auth.lockout) stays out
    ]
    assert statuses[:10].count(429) == 0
    assert statuses[-1] == 429


def test_rate_limits_name_real_endpoints(app):
    from core.security import apply_rate_limits

    app.config["RATE_LIMITS"] = {"no.such.endpoint": "1 per minute"}
    try:
        with pytest.raises(KeyError, match="no.such.endpoint"):
            apply_rate_limits(app)
    finally:
        app.config.pop("RATE_LIMITS")


def test_token_guessing_pages_are_rate_limited(client, limits_on):
    """The public QR page answers 404 to unknown tokens, and a guesser is
    slowed down to 120 a minute."""
    statuses = [client.get(f"/q/guess{i:04d}").status_code for i in range(121)]
    assert set(statuses[:120]) == {404}
    assert statuses[120] == 429


def test_the_limited_endpoints_exist(app):
    from core.security import DEFAULT_RATE_LIMITS

    assert set(DEFAULT_RATE_LIMITS) <= set(app.view_functions)
