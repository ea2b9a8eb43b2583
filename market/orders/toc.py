"""Table of contents of market/orders: the modules serving its pages, API,
tasks and hooks. Discovery (core.modules.domain_parts) loads what is
listed here and nothing else; tests/core/test_url_map.py fails on a part
module no table of contents lists."""

from market.orders import (
    api_order_wallet,
    api_orders,
    hooks_orders,
    routes_orders,
    routes_wallet_pay,
)

PAGES = (routes_orders, routes_wallet_pay)
API = (api_order_wallet, api_orders)
TASKS = ()
HOOKS = (hooks_orders,)
