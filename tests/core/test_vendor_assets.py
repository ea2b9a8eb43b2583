"""The front-end packages (package.json, pinned by package-lock.json) are
built at install into core/static/vendor/, served like every static file;
pages link them only when they are there and work without them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests import services

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "core" / "static" / "vendor"
LOADED = {"leaflet": ["leaflet.js", "leaflet.css", "images/layers.png"], "jsqr": ["jsQR.js"]}


def test_the_packages_the_pages_load_are_pinned_by_the_lock_file():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name in LOADED:
        version = package["dependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        locked = lock["packages"][f"node_modules/{name}"]
        assert locked["version"] == version and locked["integrity"].startswith("sha512-")
    makefile = (ROOT / "Makefile").read_text()
    assert "npm ci" in makefile and re.search(r"^install: .*\$\(VENDOR_STAMP\)", makefile, re.M)
    ignored = (ROOT / ".gitignore").read_text().split()
    assert "core/static/vendor/" in ignored and "node_modules/" in ignored


def test_the_install_built_the_files_and_they_are_served(client):
    if not (VENDOR / ".built").exists() and not services.required():
        pytest.skip("the front-end files are not built here (no npm): make install builds them")
    package = json.loads((ROOT / "package.json").read_text())
    for name, files in LOADED.items():
        for file in files:
            assert (VENDOR / name / file).stat().st_size > 0, f"{name}/{file} was not built"
    assert f"Leaflet {package['dependencies']['leaflet']}" in (VENDOR / "leaflet" / "leaflet.js").read_text()[:300]
    for path in ("leaflet/leaflet.js", "jsqr/jsQR.js"):
        response = client.get(f"/static/vendor/{path}")
        try:
            assert response.status_code == 200 and "javascript" in response.content_type
        finally:
            response.close()  # WhiteNoise streams the file


@pytest.fixture
def nothing_built(app, tmp_path):
    app.config["STATIC_VENDOR_DIR"] = str(tmp_path)
    try:
        yield
    finally:
        app.config.pop("STATIC_VENDOR_DIR")


def test_without_the_built_files_pages_keep_their_list_and_typed_code(
    nothing_built, app, client, make_tenant, make_member
):
    from core.ops import checks

    [finding] = checks.static_findings(app)
    assert finding.level == checks.WARNING and "leaflet/leaflet.js" in finding.text
    tenant = make_tenant(kind="pgs_network", slug="unbuilt")
    client.login(make_member(tenant, "staff"))
    plots = client.get("/t/unbuilt/producers/pgs/plots")
    assert plots.status_code == 200
    html = plots.get_data(as_text=True)
    assert "vendor/leaflet" not in html and "plot-map.js" not in html
    assert "<table" in html  # the list
    redeem = client.get("/t/unbuilt/market/coupons/redeem")
    assert redeem.status_code == 200
    html = redeem.get_data(as_text=True)
    assert 'data-jsqr=""' in html and "vendor/jsqr" not in html and 'name="code"' in html


def test_with_the_built_files_the_pages_load_them(client, make_tenant, make_member, tmp_path, app):
    for name, files in LOADED.items():
        for file in files:
            (tmp_path / name / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / file).write_text("/* built */")
    app.config["STATIC_VENDOR_DIR"] = str(tmp_path)
    try:
        tenant = make_tenant(kind="pgs_network", slug="built")
        client.login(make_member(tenant, "staff"))
        html = client.get("/t/built/producers/pgs/plots").get_data(as_text=True)
        assert re.search(r'<script src="/static/vendor/leaflet/leaflet\.js\?v=\w+" defer>', html)
        assert 'data-plot-map="/t/built/producers/pgs/plots/map.json' in html
        html = client.get("/t/built/market/coupons/redeem").get_data(as_text=True)
        assert re.search(r'data-jsqr="/static/vendor/jsqr/jsQR\.js\?v=\w+"', html)
        from core.ops import checks

        assert checks.static_findings(app) == []
    finally:
        app.config.pop("STATIC_VENDOR_DIR")
