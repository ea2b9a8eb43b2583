"""A household's own page: its coupons and credit, its bookings and queue
cards, its orders with what is left to pay and how; opened by the household
itself, or by staff on behalf of a household without a phone."""

from core import modules
from core.errors import N_

# On the organisation's first page, for a household member: their own page.
modules.register(
    modules.ModuleCard(
        key="market_household",
        endpoint="market.household_mine",
        title=N_("My household"),
        description=N_("Your coupons and credit, your queue card and what is left to pay."),
        kinds=frozenset({"council", "community"}),
        permission="market.household.own",
    )
)
