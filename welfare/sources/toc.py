"""Table of contents of welfare/sources: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.sources import api_sources, hooks_sources, routes_sources

PAGES = (routes_sources,)
API = (api_sources,)
TASKS = ()
HOOKS = (hooks_sources,)
