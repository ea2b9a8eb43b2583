"""Table of contents of the producers domain: its own parts and its areas, each
with a toc.py of its own. Discovery (core.modules.domain_parts) loads what
is listed here and nothing else."""

from producers import demo_khoksai, demo_lots, demo_network, demo_pgs, public, routes
from producers.listings import toc as listings
from producers.lots import toc as lots
from producers.pgs import toc as pgs

PAGES = (routes,)
API = ()
TASKS = ()
HOOKS = ()
PUBLIC = (public,)
DEMO = (demo_khoksai, demo_lots, demo_network, demo_pgs)
AREAS = (listings, lots, pgs)
