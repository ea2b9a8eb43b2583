"""Table of contents of the market domain: its own parts and its areas, each
with a toc.py of its own. Discovery (core.modules.domain_parts) loads what
is listed here and nothing else."""

from market import demo_coupons, demo_orders, demo_stock, routes
from market.catalog import toc as catalog
from market.coupons import toc as coupons
from market.delivery import toc as delivery
from market.donations import toc as donations
from market.exchange import toc as exchange
from market.household import toc as household
from market.network import toc as network
from market.orders import toc as orders
from market.reports import toc as reports
from market.rounds import toc as rounds
from market.stock import toc as stock
from market.wallet import toc as wallet

PAGES = (routes,)
API = ()
TASKS = ()
HOOKS = ()
DEMO = (demo_coupons, demo_orders, demo_stock)
AREAS = (catalog, coupons, delivery, donations, exchange, household, network, orders, reports, rounds, stock, wallet)
