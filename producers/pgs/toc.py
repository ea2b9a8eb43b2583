"""Table of contents of producers/pgs: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from producers.pgs import api_pgs, routes_dashboard, routes_land, routes_workflow, tasks

PAGES = (routes_dashboard, routes_land, routes_workflow)
API = (api_pgs,)
TASKS = (tasks,)
HOOKS = ()
