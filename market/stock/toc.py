"""Table of contents of market/stock: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.stock import api_stock, hooks_stock, routes_stock

PAGES = (routes_stock,)
API = (api_stock,)
TASKS = ()
HOOKS = (hooks_stock,)
