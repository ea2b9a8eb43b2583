"""Table of contents of welfare/transparency: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.transparency import public_transparency, routes_transparency

PAGES = (routes_transparency,)
API = ()
TASKS = ()
HOOKS = ()
PUBLIC = (public_transparency,)
