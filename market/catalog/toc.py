"""Table of contents of market/catalog: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.catalog import routes_catalog

PAGES = (routes_catalog,)
API = ()
TASKS = ()
HOOKS = ()
