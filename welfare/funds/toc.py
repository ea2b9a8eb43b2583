"""Table of contents of welfare/funds: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.funds import api_funds, routes_funds

PAGES = (routes_funds,)
API = (api_funds,)
TASKS = ()
HOOKS = ()
