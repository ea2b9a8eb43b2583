"""Table of contents of market/wallet: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.wallet import api_household_wallet, api_wallet, routes_statement, routes_wallet

PAGES = (routes_statement, routes_wallet)
API = (api_household_wallet, api_wallet)
TASKS = ()
HOOKS = ()
