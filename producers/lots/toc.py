"""Table of contents of producers/lots: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from producers.lots import api_lots, routes_lots

PAGES = (routes_lots,)
API = (api_lots,)
TASKS = ()
HOOKS = ()
