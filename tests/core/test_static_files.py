"""Static files: addresses that change with the content, a year's caching,
and the gzip copy the image build makes, sent to browsers that accept it."""

from __future__ import annotations

import gzip
import hashlib
import re
import subprocess
import sys
from pathlib import Path

from flask import Flask

from core.static_files import ONE_YEAR, serve_static


def test_pages_link_static_files_by_content_and_they_are_cached_for_a_year(app):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    match = re.search(r'href="(/static/css/pansuk\.css\?v=([0-9a-f]{12}))"', html)
    assert match, "the stylesheet's address carries its content's hash"
    css = Path(app.static_folder, "css", "pansuk.css").read_bytes()
    assert match.group(2) == hashlib.sha256(css).hexdigest()[:12]
    with client.get(match.group(1)) as response:
        assert response.status_code == 200 and response.data == css
        assert f"max-age={ONE_YEAR}" in response.headers["Cache-Control"]


def test_the_gzip_copy_goes_to_browsers_that_accept_it(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    body = ("body { color: #222; } " * 200).encode()
    (static / "css" / "site.css").write_bytes(body)
    # the same command as the image build
    subprocess.run([sys.executable, "-m", "whitenoise.compress", "-q", str(static)], check=True, timeout=60)
    assert (static / "css" / "site.css.gz").exists()
    app = Flask(__name__, static_folder=str(static))
    serve_static(app)
    client = app.test_client()
    with client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers.get("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in zipped.headers.get("Vary", "")
        assert gzip.decompress(zipped.data) == body and len(zipped.data) < len(body) / 5
    with client.get("/static/css/site.css") as plain:
        assert plain.headers.get("Content-Encoding") is None and plain.data == body
