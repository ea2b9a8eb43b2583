"""Table of contents of producers/pgs: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from producers.pgs import (
    api_certificates,
    api_committee,
    api_farms,
    api_inspections,
    api_pgs,
    routes_certificates,
    routes_checklist,
    routes_committee,
    routes_dashboard,
    routes_land,
    routes_map,
    routes_mine,
    routes_waiting,
    routes_workflow,
    tasks,
)

PAGES = (
    routes_certificates, routes_checklist, routes_committee, routes_dashboard, routes_land, routes_map,
    routes_mine, routes_waiting, routes_workflow,
)
API = (api_certificates, api_committee, api_farms, api_inspections, api_pgs)
TASKS = (tasks,)
HOOKS = ()
