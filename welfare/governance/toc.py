"""Table of contents of welfare/governance: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.governance import api_governance, hooks_governance, routes_governance, tasks_funds

PAGES = (routes_governance,)
API = (api_governance,)
TASKS = (tasks_funds,)
HOOKS = (hooks_governance,)
