"""Table of contents of market/exchange: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.exchange import api_exchange, routes_exchange, tasks_exchange

PAGES = (routes_exchange,)
API = (api_exchange,)
TASKS = (tasks_exchange,)
HOOKS = ()
