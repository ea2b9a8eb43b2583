"""A cheap phone in Thai, for the journeys: its size, a browser context for it,
and the check that a page fits its width.

`assert_fits` measures the page that is there once it has loaded. Right after a
click that navigates, the old document may already be gone and the new one not
yet parsed (`document.documentElement` is null for a moment), so it waits for a
complete document first; a journey still waits for something of the page it
expects before measuring, or it may measure the page it left."""

from __future__ import annotations

PHONE = {"width": 360, "height": 760}

_LOADED = "() => document.readyState === 'complete' && document.documentElement !== null"
_WIDTH = "() => document.documentElement.scrollWidth"


def phone_context(browser, *, timeout_ms: int = 10_000, **options):
    """A browser context sized and set like a household's phone in Thailand."""
    settings = {"locale": "th-TH", "timezone_id": "Asia/Bangkok", "viewport": PHONE} | options
    context = browser.new_context(**settings)
    context.set_default_timeout(timeout_ms)
    return context


def page_width(page) -> int:
    """The loaded page's full width in CSS pixels."""
    page.wait_for_function(_LOADED)
    return page.evaluate(_WIDTH)


def assert_fits(page) -> None:
    width = page_width(page)
    assert width <= PHONE["width"], f"{page.url} is {width} px wide, the phone {PHONE['width']}"
