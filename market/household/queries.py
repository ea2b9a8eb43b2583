"""Everything a household's page shows, read through the areas that own it:
wallet balances (market.wallet), coupons (market.coupons), bookings
(market.rounds) and orders (market.orders)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.db import db, utcnow
from core.errors import N_, NotFound
from core.registry.models import Household
from market.models.coupons import SPENDABLE_STATES, Coupon
from market.models.orders import Order
from market.models.rounds import ACTIVE_BOOKING_STATUSES, Booking
from market.orders import policies as order_policies
from market.orders import queries as order_queries
from market.rounds import services as rounds
from market.wallet import instruments


class HouseholdNotFound(NotFound):
    code = "market_household_not_found"
    message = N_("No household of this organisation has this number")


@dataclass
class HouseholdPage:
    household: Household
    balances: instruments.Balances
    coupons: list[Coupon]
    bookings: list[Booking]
    orders: list[Order]
    unpaid: list[Order] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(o.due for o in self.unpaid)


def household(household_id: object) -> Household:
    """A household of the organisation in context (a query, so the tenant
    filter applies), else ``HouseholdNotFound``: another organisation's
    household does not exist here."""
    if isinstance(household_id, bool) or not isinstance(household_id, int):
        raise HouseholdNotFound()
    found = db.session.scalar(sa.select(Household).where(Household.id == household_id))
    if found is None:
        raise HouseholdNotFound()
    return found


def page(household_id: int) -> HouseholdPage:
    hh = household(household_id)
    now = utcnow()
    coupons = list(db.session.scalars(
        sa.select(Coupon)
        .where(Coupon.household_id == hh.id, Coupon.state.in_(SPENDABLE_STATES),
               Coupon.valid_until > now)
        .order_by(Coupon.valid_until, Coupon.id)
    ))
    bookings = [b for b in rounds.household_bookings(hh.id) if b.status in ACTIVE_BOOKING_STATUSES][:10]
    orders = order_queries.household_orders(hh.id)[:20]
    return HouseholdPage(
        household=hh,
        balances=instruments.balances(hh.id, now),
        coupons=coupons,
        bookings=bookings,
        orders=orders,
        unpaid=[o for o in orders if o.status in order_policies.OPEN and o.due > 0],
    )
