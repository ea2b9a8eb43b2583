"""Table of contents of market/coupons: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.coupons import api_coupons, routes_coupons, routes_issued, tasks_coupons

PAGES = (routes_coupons, routes_issued)
API = (api_coupons,)
TASKS = (tasks_coupons,)
HOOKS = ()
