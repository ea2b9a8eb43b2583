"""The front-end packages' files (Leaflet for maps, jsQR for the camera QR
reader), built at install into ``core/static/vendor/`` from package-lock.json
(``make install``, the image build) and not kept in git.

Templates ask ``vendor_url("leaflet/leaflet.js")``: the file's versioned
address, or ``None`` when it was not built, so a page never links a missing
file and falls back to what works without it (the plot list, typing a code).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, url_for

VENDOR = "vendor"
# what the pages load (scripts/copy-vendor-assets.mjs copies these and more)
LOADED = ("leaflet/leaflet.js", "leaflet/leaflet.css", "jsqr/jsQR.js")


def vendor_dir(app: Flask) -> Path:
    """Where the built files are (``STATIC_VENDOR_DIR`` overrides it)."""
    return Path(app.config.get("STATIC_VENDOR_DIR") or Path(app.static_folder or "", VENDOR))


def vendor_url(path: str) -> str | None:
    """The address of a built file, or None when it is missing."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not (vendor_dir(app) / path).is_file():
        return None
    return url_for("static", filename=f"{VENDOR}/{path}")


def missing(app: Flask) -> list[str]:
    """The files the pages load that were not built (``pansuk check`` warns)."""
    return [path for path in LOADED if not (vendor_dir(app) / path).is_file()]


def init_app(app: Flask) -> None:
    app.add_template_global(vendor_url, "vendor_url")
