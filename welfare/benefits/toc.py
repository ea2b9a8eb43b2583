"""Table of contents of welfare/benefits: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.benefits import api_benefits, routes_benefits

PAGES = (routes_benefits,)
API = (api_benefits,)
TASKS = ()
HOOKS = ()
