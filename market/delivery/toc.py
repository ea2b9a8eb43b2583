"""Table of contents of market/delivery: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.delivery import api_delivery, routes_delivery

PAGES = (routes_delivery,)
API = (api_delivery,)
TASKS = ()
HOOKS = ()
