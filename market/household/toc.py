"""Table of contents of market/household: the household's own page and
staff opening it on a household's behalf. Discovery (core.modules.domain_parts)
loads what is listed here and nothing else; tests/core/test_url_map.py fails
on a part module no table of contents lists."""

from market.household import routes_household

PAGES = (routes_household,)
API = ()
TASKS = ()
HOOKS = ()
