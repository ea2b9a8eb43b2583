"""Table of contents of welfare/loans: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.loans import api_loans, hooks_loans, routes_loans, routes_portfolio, tasks_loans

PAGES = (routes_loans, routes_portfolio)
API = (api_loans,)
TASKS = (tasks_loans,)
HOOKS = (hooks_loans,)
