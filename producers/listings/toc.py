"""Table of contents of producers/listings: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from producers.listings import api_listings, hooks_reservations, routes_catalogue, routes_listings

PAGES = (routes_catalogue, routes_listings)
API = (api_listings,)
TASKS = ()
HOOKS = (hooks_reservations,)
