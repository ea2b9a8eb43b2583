"""Table of contents of welfare/members: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from welfare.members import api_members, routes_members, tasks_members

PAGES = (routes_members,)
API = (api_members,)
TASKS = (tasks_members,)
HOOKS = ()
