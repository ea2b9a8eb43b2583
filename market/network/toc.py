"""Table of contents of market/network: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.network import api_network, routes_network

PAGES = (routes_network,)
API = (api_network,)
TASKS = ()
HOOKS = ()
