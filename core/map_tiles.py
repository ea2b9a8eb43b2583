"""The map's background: a tile server (OpenStreetMap's by default) whose
images the pages' maps load, and the one host the Content-Security-Policy
lets images come from besides the site itself.

``MAP_TILE_URL`` is a Leaflet URL template (``https://tile.example.org/{z}/{x}/{y}.png``,
``{s}`` for a server's sub-domains); empty means no background (the plots
are drawn on a plain map). ``MAP_TILE_ATTRIBUTION`` is the credit the tile
server asks for, shown in the map's corner.
"""

from __future__ import annotations

from urllib.parse import urlsplit

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"


def csp_source(url: str | None) -> str | None:
    """The CSP source for the tile server (``https://tile.openstreetmap.org``),
    or None when there is none or it is not an https/http address."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    host = parts.netloc.split("@")[-1]
    if host.startswith("{s}."):
        host = "*." + host[4:]
    if "{" in host or "}" in host or " " in host or ";" in host:
        return None
    return f"{parts.scheme}://{host}"
