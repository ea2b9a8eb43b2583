"""The maps' tile server is the one outside host images may come from."""

from __future__ import annotations

import pytest

from core.map_tiles import csp_source


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png", "https://*.tiles.example.org:8443"),
        ("", None),
        (None, None),
        ("javascript:alert(1)//{z}", None),
        ("https://evil.example.org; script-src *", None),
        ("https://{z}.example.org/", None),
    ],
)
def test_the_tile_server_as_a_csp_source(url, source):
    assert csp_source(url) == source


def test_pages_may_show_tiles_from_the_tile_server_only(app, client):
    img = _img_src(client)
    assert img == ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]
    app.config["MAP_TILE_URL"] = ""
    try:
        assert _img_src(client) == ["'self'", "data:", "blob:"]
    finally:
        app.config["MAP_TILE_URL"] = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "camera=(self)" in client.get("/login").headers["Permissions-Policy"]


def _img_src(client) -> list[str]:
    csp = client.get("/login").headers["Content-Security-Policy"]
    return next(d.split()[1:] for d in csp.split("; ") if d.startswith("img-src"))
