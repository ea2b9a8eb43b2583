"""The plots on a map, on a 360 × 760 phone in Thai: Leaflet draws each
located plot (the tile server is cut off, as on a phone offline: the map
still shows the plots), a dot opens its plot; without JavaScript the list is
all there is. The drawing widget turns taps on the map into a GeoJSON
Polygon the server accepts, shows the area, and warns of an outline that
crosses itself."""

from __future__ import annotations

import json
import re

import pytest

from core.db import db
from tests.browser.phone import assert_fits, phone_context
from tests.producers.pgs.conftest import pgs  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default
TILES = re.compile(r"^https://tile\.openstreetmap\.org/")
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[100.6, 7.2], [100.602, 7.2], [100.602, 7.202], [100.6, 7.202], [100.6, 7.2]]],
}


@pytest.fixture
def plots(pgs):  # noqa: F811
    from producers.pgs import services

    farm = pgs.farmer(plots=0)
    made = {}
    for code, data in (
        ("MAP-A", {"lat": "7.21", "lon": "100.61"}),
        ("MAP-B", {"lat": "7.25", "lon": "100.65"}),
        ("MAP-S", {"geometry": json.dumps(SQUARE)}),
        ("MAP-X", {}),  # no location: only in the list
    ):
        made[code] = services.create_plot(
            farm, {"code": code, "name": f"แปลง {code}", "area_sqm": "1600", **data}, actor_id=pgs.admin.id
        ).id
    db.session.commit()
    return made


def _phone(browser, live_server, user, **kw):
    context = phone_context(browser, timeout_ms=15_000, **kw)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page


def _offline_tiles(page) -> list[str]:
    asked: list[str] = []

    def refuse(route):
        asked.append(route.request.url)
        route.abort()

    page.route(TILES, refuse)
    return asked


def test_the_plots_are_on_the_map_and_a_dot_opens_its_plot(live_server, browser, pgs, plots):  # noqa: F811
    page = _phone(browser, live_server, pgs.staff)
    try:
        tiles = _offline_tiles(page)
        page.goto(f"{live_server}/t/{pgs.tenant.slug}/producers/pgs/plots")
        the_map = page.locator("[data-test=plot-map].leaflet-container")
        the_map.wait_for()
        page.locator("[data-test=plot-map][data-plots-shown='3']").wait_for()
        assert page.locator("[data-test=plot-map] path.plot-point").count() == 3
        assert page.locator("[data-test=plot-map] path.plot-shape").count() == 1
        assert tiles, "the map asked the tile server for nothing (or the CSP blocked it)"
        assert "ผู้ร่วมสร้าง OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
        assert page.locator(".map-legend").inner_text().strip() == "ไม่ได้รับการรับรอง"  # all of them
        # the list stays under the map, with the plot that has no location
        assert "MAP-X" in page.locator("table").inner_text()
        assert_fits(page)
        page.locator("[data-test=plot-map] path.plot-point").first.click(force=True)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "MAP-" in popup.inner_text()
        popup.locator("a").click()
        page.wait_for_url(re.compile(r"/producers/pgs/plots/\d+$"))
        assert page.locator("[data-test=plot-shape].leaflet-container").count() == 1
        # the dashboard's coarse grid: the three located plots share one 11-km cell
        page.goto(f"{live_server}/t/{pgs.tenant.slug}/producers/pgs/dashboard")
        page.locator("path.grid-cell").wait_for()
        assert page.locator("path.grid-cell").count() == 1
        assert page.locator(".grid-count").inner_text() == "3"
        assert page.locator("[data-grid-map] svg").is_hidden()
    finally:
        page.context.close()


def test_without_javascript_the_list_is_the_map(live_server, browser, pgs, plots):  # noqa: F811
    page = _phone(browser, live_server, pgs.staff, java_script_enabled=False)
    try:
        page.goto(f"{live_server}/t/{pgs.tenant.slug}/producers/pgs/plots")
        assert page.locator("[data-test=plot-map]").is_hidden()
        listed = page.locator("table").inner_text()
        assert all(code in listed for code in plots)
    finally:
        page.context.close()


DRAW_PAGE = """{% extends "base.html" %}{% from "macros/map.html" import map_assets %}
{% block content %}<form method="post" data-test="plot-form">
<input name="lat" value="7.2"><input name="lon" value="100.6">
<textarea name="shape" data-map-draw></textarea></form>{% endblock %}
{% block scripts %}{{ map_assets() }}{% endblock %}"""


@pytest.fixture
def draw_page(app, live_server, make_tenant, make_member):
    """A page with the plot form's shape field, rendered by the app with its
    own macros and served with the app's own security headers."""
    from flask import render_template_string

    with app.test_request_context("/"):
        html = render_template_string(DRAW_PAGE)
        headers = dict(app.process_response(app.make_response(html)).headers)
    nonce_free = {k: v for k, v in headers.items() if k in ("Content-Security-Policy", "Permissions-Policy")}

    def serve(page):
        page.route(f"{live_server}/drawing", lambda route: route.fulfill(
            status=200, body=html, headers={**nonce_free, "Content-Type": "text/html; charset=utf-8"}))
        _offline_tiles(page)
        page.goto(f"{live_server}/drawing")
        page.locator("[data-test=draw-map].leaflet-container").wait_for()
        return page

    return serve


def _tap(page, x, y):
    box = page.locator("[data-test=draw-map]").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_taps_on_the_map_make_a_polygon_the_server_accepts(browser, draw_page):
    from producers.pgs import geo

    context = phone_context(browser, timeout_ms=15_000)
    page = draw_page(context.new_page())
    try:
        assert page.locator("textarea[name=shape]").is_hidden()
        for x, y in ((60, 60), (260, 60), (260, 200)):
            _tap(page, x, y)
        area = page.locator("[data-test=draw-area]").inner_text()
        assert "ไร่" in area and "ตร.ม." in area
        _tap(page, 60, 200)
        value = page.locator("textarea[name=shape]").input_value()
        shape = geo.parse_geometry(value)  # the server's own check
        ring = shape["coordinates"][0]
        assert shape["type"] == "Polygon" and len(ring) == 5 and ring[0] == ring[-1]
        assert all(100.59 < lon < 100.61 and 7.19 < lat < 7.21 for lon, lat in ring)  # [lon, lat]
        assert ring[1][0] > ring[0][0] and ring[2][1] < ring[1][1]  # east, then south, as tapped
        sqm = geo.polygon_area_sqm(shape)
        assert sqm > 0 and f"{sqm:,}" in page.locator("[data-test=draw-area]").inner_text()
        assert page.locator("[data-test=draw-warning]").is_hidden()
        page.locator("[data-test=draw-undo]").click()
        assert len(json.loads(page.locator("textarea[name=shape]").input_value())["coordinates"][0]) == 4
        page.locator("[data-test=draw-clear]").click()
        assert page.locator("textarea[name=shape]").input_value() == ""
    finally:
        context.close()


def test_an_outline_that_crosses_itself_is_named_in_thai(browser, draw_page):
    context = phone_context(browser, timeout_ms=15_000)
    page = draw_page(context.new_page())
    try:
        for x, y in ((60, 60), (260, 200), (260, 60), (60, 200)):  # a bow tie
            _tap(page, x, y)
        warning = page.locator("[data-test=draw-warning]")
        assert warning.is_visible() and "ตัดกันเอง" in warning.inner_text()
        page.locator("[data-test=draw-undo]").click()
        page.locator("[data-test=draw-undo]").click()
        for x, y in ((60, 200), (30, 130)):  # the same plot, corners in order round it
            _tap(page, x, y)
        assert warning.is_hidden()
    finally:
        context.close()
