"""Static files (``core/static``) served by WhiteNoise in front of the app.

Every ``url_for('static', …)`` carries ``?v=<hash of the file>``, so a browser
may keep a file for a year: a changed file has a new address. WhiteNoise sends
the ``.gz`` copy (``python -m whitenoise.compress core/static``, run by the
image build) to a browser that accepts gzip. Without those copies the files are
served as they are.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask

ONE_YEAR = 365 * 24 * 3600


@cache
def _version(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
    except OSError:
        return "0"


def serve_static(app: Flask) -> None:
    from whitenoise import WhiteNoise

    folder = app.static_folder
    if not folder:
        return
    prefix = (app.static_url_path or "/static").strip("/") + "/"
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=folder,
        prefix=prefix,
        max_age=ONE_YEAR,
        autorefresh=bool(app.debug or app.testing),
    )
    refresh = app.debug or app.testing

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = str(Path(folder) / values["filename"])
            values["v"] = _version.__wrapped__(path) if refresh else _version(path)
