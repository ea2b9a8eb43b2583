"""Table of contents of market/donations: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.donations import api_donations, hooks_donations, routes_donations

PAGES = (routes_donations,)
API = (api_donations,)
TASKS = ()
HOOKS = (hooks_donations,)
