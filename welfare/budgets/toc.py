"""Table of contents of welfare/budgets: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.budgets import api_budgets, hooks_budgets, routes_budgets

PAGES = (routes_budgets,)
API = (api_budgets,)
TASKS = ()
HOOKS = (hooks_budgets,)
