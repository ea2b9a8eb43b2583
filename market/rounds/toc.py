"""Table of contents of market/rounds: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.rounds import api_rounds, routes_rounds, tasks_rounds

PAGES = (routes_rounds,)
API = (api_rounds,)
TASKS = (tasks_rounds,)
HOOKS = ()
