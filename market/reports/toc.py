"""Table of contents of market/reports: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.reports import api_reports, routes_reports, routes_stock_reports

PAGES = (routes_reports, routes_stock_reports)
API = (api_reports,)
TASKS = ()
HOOKS = ()
