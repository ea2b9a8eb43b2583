"""Table of contents of the welfare domain: its own parts and its areas, each
with a toc.py of its own. Discovery (core.modules.domain_parts) loads what
is listed here and nothing else."""

from welfare import demo_funds, demo_loans, routes
from welfare.benefits import toc as benefits
from welfare.budgets import toc as budgets
from welfare.funds import toc as funds
from welfare.governance import toc as governance
from welfare.loans import toc as loans
from welfare.members import toc as members
from welfare.sources import toc as sources
from welfare.transparency import toc as transparency

PAGES = (routes,)
API = ()
TASKS = ()
HOOKS = ()
DEMO = (demo_funds, demo_loans)
AREAS = (benefits, budgets, funds, governance, loans, members, sources, transparency)
